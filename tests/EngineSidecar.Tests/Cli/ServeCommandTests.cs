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
            "--request-timeout", "120", "--max-queue-time", "2.5",
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
            RequestTimeout = TimeSpan.FromSeconds(120),
            MaxQueueTime = TimeSpan.FromSeconds(2.5),
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
            options.AdminTokenFile.Should().Be(tokenFile, "the server re-reads the file when the Secret rotates");
            var plain = Parse([], new Dictionary<string, string?> { [ServeCommand.AdminTokenEnv] = "plain" });
            plain.AdminToken.Should().Be("plain");
            plain.AdminTokenFile.Should().BeNull();
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
    [InlineData("--max-queue-time", "0", "--max-queue-time")]
    [InlineData("--admin-token-file", "/nonexistent/token", "does not exist")]
    [InlineData("--port", "eighty", "eighty")]
    [InlineData("--quantization", "int3", "--quantization must be one of auto, none, fp8, int8, int4-awq, int4-gptq")]
    [InlineData("--kv-cache-dtype", "int8", "--kv-cache-dtype must be one of auto, fp8")]
    public void Invalid_options_are_refused_with_a_message_naming_them(string option, string value, string messagePart)
    {
        var act = () => Parse([option, value]);

        act.Should().Throw<ArgumentException>().WithMessage($"*{messagePart}*");
    }

    [Fact]
    public async Task A_model_that_cannot_be_loaded_exits_with_code_1_and_writes_the_termination_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-termination-{Guid.NewGuid():N}");
        var command = ServeCommand.Create(_ => throw new InvalidOperationException("no such model"));
        try
        {
            var exitCode = await command.Parse(["--port", "0", "--termination-message-path", path]).InvokeAsync();

            exitCode.Should().Be(1);
            File.ReadAllText(path).Should().Be("no such model");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_quantized_checkpoint_served_with_a_contradicting_flag_fails_at_startup_naming_both()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-termination-{Guid.NewGuid():N}");
        var command = ServeCommand.Create(options => Sluice.Engine.Model.ModelLoader.Load(options.Model, null, "cpu", options.Quantization, options.KvCacheDtype));
        var model = Sluice.Engine.Tests.Model.ModelFixtures.Directory("quant-awq");
        try
        {
            var exitCode = await command.Parse(["--model", model, "--port", "0", "--quantization", "fp8", "--termination-message-path", path]).InvokeAsync();

            exitCode.Should().Be(1);
            File.ReadAllText(path).Should().Contain("--quantization fp8 contradicts the checkpoint, which is int4-awq");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Quantization_flags_are_parsed_and_fall_back_to_the_operator_environment()
    {
        var flags = Parse(["--quantization", "int4-gptq", "--kv-cache-dtype", "fp8", "--termination-message-path", "/tmp/t"]);
        flags.Quantization.Should().Be(Sluice.Engine.Model.Quantization.QuantizationMode.Int4Gptq);
        flags.KvCacheDtype.Should().Be(Sluice.Engine.Model.Quantization.KvCacheDtype.Fp8);
        flags.TerminationMessagePath.Should().Be("/tmp/t");

        var env = Parse([], new Dictionary<string, string?> { [ServeCommand.QuantizationEnv] = "int8", [ServeCommand.KvCacheDtypeEnv] = "auto" });
        env.Quantization.Should().Be(Sluice.Engine.Model.Quantization.QuantizationMode.Int8);
        env.KvCacheDtype.Should().Be(Sluice.Engine.Model.Quantization.KvCacheDtype.Auto);
        Parse([]).Quantization.Should().Be(Sluice.Engine.Model.Quantization.QuantizationMode.Auto);
    }

    private static Sluice.Engine.Api.ServeOptions Parse(string[] args, Dictionary<string, string?>? environment = null)
    {
        var command = ServeCommand.Create(_ => throw new InvalidOperationException("not loaded in this test"));
        var env = environment ?? NoEnvironment;
        return ServeCommand.ToOptions(command.Parse(args), name => env.GetValueOrDefault(name));
    }
}
