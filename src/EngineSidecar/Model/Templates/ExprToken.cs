namespace Sluice.Engine.Model.Templates;

/// <summary>A token of an expression inside a tag.</summary>
/// <param name="Kind">'n' name, 's' string, 'i' integer, 'f' float, 'o' operator or punctuation, 'e' end.</param>
/// <param name="Text">Name, operator, or the unescaped string value.</param>
/// <param name="Position">Offset in the template source.</param>
internal readonly record struct ExprToken(char Kind, string Text, int Position)
{
    public bool Is(string op) => Kind == 'o' && Text == op;

    public bool IsName(string name) => Kind == 'n' && Text == name;
}
