namespace Sluice.Engine.Tests.Grammar;

/// <summary>Ten schemas covering the compiler's subset: nesting, optional and required properties, enums, const, arrays with bounds, unions.</summary>
public static class SchemaCorpus
{
    public static readonly string[] Schemas =
    [
        """{"type":"object","properties":{"name":{"type":"string","maxLength":12},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}""",
        """{"type":"object","properties":{"ok":{"type":"boolean"},"note":{"type":["string","null"],"maxLength":8}},"required":["ok"]}""",
        """{"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":4}""",
        """{"type":"object","properties":{"color":{"enum":["red","green","blue"]},"shade":{"const":1}},"required":["color","shade"]}""",
        """{"type":"object","properties":{"point":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}},"required":["point"]}""",
        """{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","minLength":1,"maxLength":6},"maxItems":3}},"required":["tags"]}""",
        """{"anyOf":[{"type":"object","properties":{"kind":{"const":"a"}},"required":["kind"]},{"type":"array","items":{"type":"null"},"maxItems":2}]}""",
        """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"boolean"}},"required":["c"]}""",
        """{"type":"object","properties":{"rows":{"type":"array","items":{"type":"array","items":{"enum":[0,1]},"minItems":2,"maxItems":2},"maxItems":2}},"required":["rows"]}""",
        """{"type":"object","properties":{"id":{"type":"string","maxLength":4},"score":{"type":["number","null"]},"flags":{"type":"array","items":{"type":"boolean"},"maxItems":2}},"required":["id","score","flags"],"additionalProperties":false}""",
    ];
}
