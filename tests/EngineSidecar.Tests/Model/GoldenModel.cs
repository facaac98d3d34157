using System.Text.Json.Serialization;

namespace Sluice.Engine.Tests.Model;

/// <summary>The golden.json written by tools/golden/make_model_fixtures.py beside each fixture model.</summary>
public sealed record GoldenModel(
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("stored_dtype")] string StoredDtype,
    [property: JsonPropertyName("bos_token_id")] int BosTokenId,
    [property: JsonPropertyName("eos_token_id")] int EosTokenId,
    [property: JsonPropertyName("inv_freq")] float[] InvFreq,
    [property: JsonPropertyName("cases")] GoldenCase[] Cases);
