using System.Text.Json;
using Sluice.E2E.Infrastructure;

namespace Sluice.E2E;

public class EngineProcessTests
{
    [Fact]
    public async Task Engine_binary_starts_and_lists_its_model()
    {
        await using var engine = await EngineProcess.StartAsync(["--served-model-name", "e2e-model"], TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = engine.BaseAddress };

        using var doc = JsonDocument.Parse(await http.GetStringAsync("v1/models"));

        doc.RootElement.GetProperty("data")[0].GetProperty("id").GetString().Should().Be("e2e-model");
    }
}
