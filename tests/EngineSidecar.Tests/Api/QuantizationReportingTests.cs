using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenAI;
using Sluice.Engine.Api;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Tests.Api;

/// <summary>/v1/models and /metrics report the quantization and KV cache dtype really in force (the operator's contract).</summary>
public sealed class QuantizationReportingTests
{
    [Theory]
    [InlineData(QuantizationMode.Int4Awq, "int4-awq", KvCacheDtype.Auto, "fp32")]
    [InlineData(QuantizationMode.Fp8, "fp8", KvCacheDtype.Fp8, "fp8")]
    [InlineData(QuantizationMode.Auto, "none", KvCacheDtype.Fp8, "fp8")]
    [InlineData(QuantizationMode.Auto, "none", KvCacheDtype.Auto, "fp32")]
    public async Task Models_and_metrics_report_what_is_in_force(QuantizationMode requested, string reported, KvCacheDtype kv, string reportedKv)
    {
        var model = ModelLoader.Load("dummy://tiny", "tiny-q", "cpu", requested, kv);
        var app = EngineServer.Build(model, new ServeOptions { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = 4 }, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        try
        {
            var baseAddress = new Uri(app.Urls.First());
            var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(baseAddress, "/v1") }).GetOpenAIModelClient();
            var models = await client.GetModelsAsync();

            models.Value.Should().ContainSingle(m => m.Id == "tiny-q");
            using var body = JsonDocument.Parse(models.GetRawResponse().Content);
            var entry = body.RootElement.GetProperty("data")[0];
            entry.GetProperty("quantization").GetString().Should().Be(reported);
            entry.GetProperty("kv_cache_dtype").GetString().Should().Be(reportedKv);

            using var http = new HttpClient { BaseAddress = baseAddress };
            var metrics = await http.GetStringAsync("/metrics");
            metrics.Should().Contain($"sluice_model_info{{kv_cache_dtype=\"{reportedKv}\",model=\"tiny-q\",quantization=\"{reported}\"}} 1");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            model.Dispose();
        }
    }
}
