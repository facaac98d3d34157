using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Api;
using Sluice.Engine.Compute.TensorParallel;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Demo;

/// <summary>
/// The demo model served sharded over two in-process CPU ranks: the engine's one scheduler batches concurrent requests and
/// every rank computes the same steps; the greedy completions are the unsharded server's.
/// </summary>
public sealed class TensorParallelServingTests
{
    private static readonly string[] Prompts = ["In the beginning", "And it came to pass", "Blessed are the", "Thus saith the LORD", "The LORD is my", "Let there be"];

    [Fact]
    public async Task Concurrent_greedy_completions_over_two_ranks_equal_the_unsharded_servers()
    {
        using var whole = ModelLoader.Load(DemoModel.Directory(), "demo");
        var expected = await CompleteAllAsync(whole, concurrently: false);
        using var sharded = ModelLoader.Load(DemoModel.Directory(), "demo", "cpu", tensorParallelSize: 2);

        sharded.Runner.Should().BeOfType<TensorParallelRunner>().Which.Layout.Size.Should().Be(2);
        var actual = await CompleteAllAsync(sharded, concurrently: true);

        actual.Should().Equal(expected);
        expected.Distinct().Should().HaveCountGreaterThan(3, "different prompts continue differently");
    }

    private static async Task<string[]> CompleteAllAsync(LoadedModel model, bool concurrently)
    {
        var options = new ServeOptions { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = 64, MaxBatchSize = 8 };
        await using var app = EngineServer.Build(model, options, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        async Task<string> CompleteAsync(string prompt)
        {
            using var response = await http.PostAsJsonAsync("/v1/completions", new { model = "demo", prompt, max_tokens = 12, temperature = 0 });
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("choices")[0].GetProperty("text").GetString()!;
        }

        if (concurrently)
        {
            return await Task.WhenAll(Prompts.Select(CompleteAsync));
        }

        var results = new List<string>();
        foreach (var prompt in Prompts)
        {
            results.Add(await CompleteAsync(prompt));
        }

        return [.. results];
    }
}
