namespace Sluice.Engine.Model.Templates;

/// <summary>Kinds of expression nodes of the template language.</summary>
internal enum ExprKind
{
    /// <summary>Constant in <see cref="ExprNode.Value"/>.</summary>
    Literal,

    /// <summary>Variable <see cref="ExprNode.Name"/>.</summary>
    Name,

    /// <summary>Attribute <see cref="ExprNode.Name"/> of child 0.</summary>
    Attribute,

    /// <summary>Child 0 indexed by child 1.</summary>
    Index,

    /// <summary>Child 0 sliced by children 1..3 (null for a missing bound).</summary>
    Slice,

    /// <summary>Child 0 called with the remaining children and keyword arguments.</summary>
    Call,

    /// <summary>Filter <see cref="ExprNode.Name"/> applied to child 0 with the remaining children as arguments.</summary>
    Filter,

    /// <summary>Test <see cref="ExprNode.Name"/> on child 0 (negated when Value is true), arguments follow.</summary>
    Test,

    /// <summary>Unary operator <see cref="ExprNode.Name"/> (not, -, +) on child 0.</summary>
    Unary,

    /// <summary>Binary operator <see cref="ExprNode.Name"/> on children 0 and 1.</summary>
    Binary,

    /// <summary>Children: value-if-true, condition, value-if-false (may be null).</summary>
    Conditional,

    /// <summary>List or tuple of the children.</summary>
    List,

    /// <summary>Dict: children alternate key, value.</summary>
    Dict,
}
