using Sluice.Engine.Cli;

namespace Sluice.Engine.Tests.Cli;

public class ServeCommandTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public void Defaults_match_the_documented_server_defaults()
    {
        var options = Parse([]);

        options.Model.Should().Be("dummy://tiny");
        options.Port.Should().Be(8000);
        options.Host.Should().Be("127.0.0.1");
        options.MaxBatchSize.Should().Be(32);
        options.MaxBatchedTokens.Should().Be(2048);
        options.MaxRequestRate.Should().BeNull();
        options.BlockSize.Should().Be(16);
        options.ApiKey.Should().BeNull();
        options.AdminToken.Should().BeNull();
        options.DrainTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.EnablePrefixCaching.Should().BeTrue();
    }

    [Fact]
    public void Every_option_is_parsed()
    {
        var options = Parse(
        [
            "--model", "/models/llama", "--device", "cpu", "--host", "0.0.0.0", "--port", "9000", "--served-model-name", "llama",
            "--max-batch-size", "4", "--max-batched-tokens", "512", "--max-request-rate", "2.5", "--block-size", "32",
            "--kv-cache-memory-mb", "256", "--max-model-len", "1024", "--max-waiting", "10", "--api-key", "sk-1",
            "--drain-timeout", "5", "--max-body-bytes", "65536", "--max-n", "4", "--max-logprobs", "5", "--no-prefix-caching",
        ]);

        options.Should().BeEquivalentTo(new Sluice.Engine.Api.ServeOptions
        {
            Model = "/models/llama",
            Device = "cpu",
            Host = "0.0.0.0",
            Port = 9000,
            ServedModelName = "llama",
            MaxBatchSize = 4,
            MaxBatchedTokens = 512,
            MaxRequestRate = 2.5,
            BlockSize = 32,
            KvCacheMemoryMb = 256,
            MaxModelLen = 1024,
            MaxWaiting = 10,
            ApiKey = "sk-1",
            DrainTimeout = TimeSpan.FromSeconds(5),
            MaxBodyBytes = 65536,
            MaxChoices = 4,
            MaxLogprobs = 5,
            EnablePrefixCaching = false,
        });
    }

    [Fact]
    public void Secrets_come_from_the_environment_and_the_admin_token_file()
    {
        var tokenFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(tokenFile, "  from-file\n");
            var environment = new Dictionary<string, string?> { [ServeCommand.ApiKeyEnv] = "sk-env", [ServeCommand.AdminTokenFileEnv] = tokenFile };

            var options = Parse([], environment);

            options.ApiKey.Should().Be("sk-env");
            options.AdminToken.Should().Be("from-file");
            Parse([], new Dictionary<string, string?> { [ServeCommand.AdminTokenEnv] = "plain" }).AdminToken.Should().Be("plain");
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Theory]
    [InlineData("--device", "tpu", "--device")]
    [InlineData("--kv-cache-memory-fraction", "1.5", "--kv-cache-memory-fraction")]
    [InlineData("--max-batch-size", "0", "--max-batch-size")]
    [InlineData("--port", "70000", "--port")]
    [InlineData("--max-request-rate", "-1", "--max-request-rate")]
    [InlineData("--block-size", "0", "--block-size")]
    [InlineData("--drain-timeout", "-2", "--drain-timeout")]
    [InlineData("--admin-token-file", "/nonexistent/token", "does not exist")]
    [InlineData("--port", "eighty", "eighty")]
    public void Invalid_options_are_refused_with_a_message_naming_them(string option, string value, string messagePart)
    {
        var act = () => Parse([option, value]);

        act.Should().Throw<ArgumentException>().WithMessage($"*{messagePart}*");
    }

    [Fact]
    public async Task A_model_that_cannot_be_loaded_exits_with_code_1()
    {
        var command = ServeCommand.Create(_ => throw new InvalidOperationException("no such model"));

        var exitCode = await command.Parse(["--port", "0"]).InvokeAsync();

        exitCode.Should().Be(1);
    }

    private static Sluice.Engine.Api.ServeOptions Parse(string[] args, Dictionary<string, string?>? environment = null)
    {
        var command = ServeCommand.Create(_ => throw new InvalidOperationException("not loaded in this test"));
        var env = environment ?? NoEnvironment;
        return ServeCommand.ToOptions(command.Parse(args), name => env.GetValueOrDefault(name));
    }
}
