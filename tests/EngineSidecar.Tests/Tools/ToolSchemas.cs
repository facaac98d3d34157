namespace Sluice.Engine.Tests.Tools;

/// <summary>The tools the tool-calling tests offer.</summary>
public static class ToolSchemas
{
    public const string Weather = """{"type":"object","properties":{"city":{"type":"string","minLength":1,"maxLength":8},"unit":{"enum":["c","f"]}},"required":["city","unit"]}""";

    public const string Add = """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}""";

    /// <summary>A short call, so that several fit in the demo model's context.</summary>
    public const string Now = """{"type":"object","properties":{"tz":{"enum":["utc","cet"]}},"required":["tz"]}""";

    /// <summary>The tools array of a request body.</summary>
    public const string ToolsJson =
        """[{"type":"function","function":{"name":"get_weather","parameters":""" + Weather + """}},"""
        + """{"type":"function","function":{"name":"add","parameters":""" + Add + "}}]";

    /// <summary>The parameters schema of <paramref name="name"/>.</summary>
    public static string For(string name) => name switch
    {
        "get_weather" => Weather,
        "add" => Add,
        "now" => Now,
        _ => throw new ArgumentException($"no tool named {name}", nameof(name)),
    };
}
