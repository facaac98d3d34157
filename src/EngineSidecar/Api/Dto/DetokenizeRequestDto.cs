namespace Sluice.Engine.Api.Dto;

/// <summary>Body of <c>POST /detokenize</c> (vLLM's).</summary>
public sealed class DetokenizeRequestDto
{
    public string? Model { get; set; }

    public List<int>? Tokens { get; set; }
}
