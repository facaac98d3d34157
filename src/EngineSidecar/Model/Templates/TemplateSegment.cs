namespace Sluice.Engine.Model.Templates;

/// <summary>A piece of template source after whitespace control: text, an output tag or a statement tag.</summary>
/// <param name="IsText">True for literal text.</param>
/// <param name="IsOutput">True for <c>{{ … }}</c>; false with IsText false for <c>{% … %}</c>.</param>
/// <param name="Content">The text, or the tag's inner source without delimiters and whitespace-control marks.</param>
/// <param name="Position">Offset of the piece in the template source.</param>
internal readonly record struct TemplateSegment(bool IsText, bool IsOutput, string Content, int Position);
