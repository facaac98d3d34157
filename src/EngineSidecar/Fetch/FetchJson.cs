using System.Text.Json.Serialization;
using Sluice.Engine.Fetch.Cache;
using Sluice.Engine.Fetch.Sources;

namespace Sluice.Engine.Fetch;

/// <summary>Source-generated JSON for the fetcher's own files and the sources' API answers (the engine is trimmed).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HubModelInfo))]
[JsonSerializable(typeof(OciManifest))]
[JsonSerializable(typeof(OciTokenAnswer))]
[JsonSerializable(typeof(CacheManifest))]
[JsonSerializable(typeof(LockRecord))]
internal sealed partial class FetchJson : JsonSerializerContext;
