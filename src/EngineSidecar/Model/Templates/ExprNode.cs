namespace Sluice.Engine.Model.Templates;

/// <summary>An expression of the template language.</summary>
/// <param name="Position">Offset in the template source, for error messages.</param>
internal sealed record ExprNode(ExprKind Kind, int Position, string? Name = null, object? Value = null)
{
    /// <summary>Operands, in the order documented on <see cref="ExprKind"/>.</summary>
    public List<ExprNode?> Children { get; init; } = [];

    /// <summary>Keyword arguments of a call, filter or test.</summary>
    public List<(string Name, ExprNode Value)> Keywords { get; init; } = [];
}
