namespace Sluice.Engine.Model.Templates;

/// <summary>A statement of the template language.</summary>
/// <param name="Position">Offset in the template source, for error messages.</param>
internal sealed record StmtNode(StmtKind Kind, int Position)
{
    public string? Text { get; init; }

    /// <summary>Output expression, for-loop iterable, or set value.</summary>
    public ExprNode? Expr { get; init; }

    /// <summary>For-loop filter condition.</summary>
    public ExprNode? Condition { get; init; }

    /// <summary>Loop or assignment target names.</summary>
    public List<string> Targets { get; init; } = [];

    /// <summary>Namespace attribute assigned by <c>{% set ns.attr = … %}</c>.</summary>
    public string? Attribute { get; init; }

    public List<StmtNode> Body { get; init; } = [];

    public List<StmtNode> ElseBody { get; init; } = [];

    public List<(ExprNode? Condition, List<StmtNode> Body)> Branches { get; init; } = [];
}
