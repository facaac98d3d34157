using System.Text.Json;

namespace Sluice.Bench.Tests.Fakes;

/// <summary>What the fake server received: arrival number, path and the parsed JSON body.</summary>
public sealed record FakeRequest(int Sequence, string Path, JsonElement Body, string? Authorization)
{
    public int MaxTokens => Body.GetProperty("max_tokens").GetInt32();

    public bool IncludeUsage =>
        Body.TryGetProperty("stream_options", out var options) && options.TryGetProperty("include_usage", out var include) && include.GetBoolean();
}
