namespace Sluice.Engine.Model.Templates;

/// <summary>Error text helpers: positions as line and column of the template source.</summary>
internal static class TemplateErrors
{
    public static string Location(string source, int position)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < position && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return $"line {line}, column {column}";
    }
}
