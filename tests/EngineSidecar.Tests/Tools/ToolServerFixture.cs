using System.ClientModel;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Sluice.Engine.Api;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Templates;
using Sluice.Engine.Tests.Demo;

namespace Sluice.Engine.Tests.Tools;

/// <summary>
/// The demo model served with the tool-rendering chat template of tests/fixtures/templates/demo-tools (id "demo-tools"),
/// and the plain demo model (id "demo", whose template does not render tools) on a second server.
/// </summary>
public sealed class ToolServerFixture : IAsyncLifetime
{
    private LoadedModel? _model;
    private LoadedModel? _plainModel;

    public WebApplication App { get; private set; } = null!;

    public WebApplication PlainApp { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public HttpClient PlainHttp { get; private set; } = null!;

    public ChatClient Chat { get; private set; } = null!;

    /// <summary>The demo model's tokenizer (both servers use it).</summary>
    public ITokenizer Tokenizer => _model!.Tokenizer;

    /// <summary>tests/fixtures/templates/demo-tools above the test output directory.</summary>
    public static string TemplateDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "templates", "demo-tools");
            if (File.Exists(Path.Combine(candidate, "tokenizer_config.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/fixtures/templates/demo-tools not found above {AppContext.BaseDirectory}");
    }

    public async Task InitializeAsync()
    {
        var loaded = ModelLoader.Load(DemoModel.Directory(), "demo-tools");
        _model = loaded with { ChatTemplate = JinjaChatTemplate.FromTokenizerConfig(TemplateDirectory()) };
        App = EngineServer.Build(_model, Options(), builder => builder.Logging.ClearProviders());
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(App.Urls.First()) };
        Chat = new ChatClient("demo-tools", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(App.Urls.First() + "/v1") });

        _plainModel = ModelLoader.Load(DemoModel.Directory(), "demo");
        PlainApp = EngineServer.Build(_plainModel, Options(), builder => builder.Logging.ClearProviders());
        await PlainApp.StartAsync();
        PlainHttp = new HttpClient { BaseAddress = new Uri(PlainApp.Urls.First()) };
    }

    /// <summary>POSTs a chat body to the tool-rendering server (or the plain one).</summary>
    public Task<HttpResponseMessage> PostChatAsync(string json, bool plain = false) =>
        (plain ? PlainHttp : Http).PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        PlainHttp?.Dispose();
        await App.DisposeAsync();
        await PlainApp.DisposeAsync();
        _model?.Dispose();
        _plainModel?.Dispose();
    }

    private static ServeOptions Options() => new() { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = 64, MaxBatchSize = 16 };
}
