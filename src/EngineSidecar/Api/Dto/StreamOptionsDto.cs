namespace Sluice.Engine.Api.Dto;

/// <summary>OpenAI <c>stream_options</c>.</summary>
public sealed class StreamOptionsDto
{
    /// <summary>When true, a last chunk with empty choices carries the usage.</summary>
    public bool? IncludeUsage { get; set; }
}
