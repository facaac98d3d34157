namespace Sluice.Engine.Api.Fields;

/// <summary>What the server does with one request field.</summary>
public enum FieldSupport
{
    /// <summary>The field changes the output as the OpenAI API reference says.</summary>
    Implemented,

    /// <summary>The field has no effect on a self-hosted server by its nature (billing, storage, routing); accepted and documented as such.</summary>
    NoOp,

    /// <summary>Not in the OpenAI schema; an engine extension (vLLM-compatible) that is implemented.</summary>
    Extension,

    /// <summary>In the OpenAI schema but not served: any non-null value is a 400 naming the field.</summary>
    Refused,
}
