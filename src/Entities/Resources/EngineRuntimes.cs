namespace Sluice.Entities.Resources;

/// <summary>Engine implementations spec.engine.runtime accepts (docs/runtimes.md says what each supports under Sluice).</summary>
public static class EngineRuntimes
{
    /// <summary>Sluice's own engine: both levers live through /admin/config.</summary>
    public const string Sluice = "sluice";

    /// <summary>vLLM's OpenAI server (<c>vllm serve</c>).</summary>
    public const string Vllm = "vllm";

    /// <summary>SGLang's server (<c>python3 -m sglang.launch_server</c>).</summary>
    public const string Sglang = "sglang";

    /// <summary>Hugging Face Text Generation Inference (<c>text-generation-launcher</c>).</summary>
    public const string Tgi = "tgi";

    /// <summary>LMDeploy's OpenAI server (<c>lmdeploy serve api_server</c>).</summary>
    public const string Lmdeploy = "lmdeploy";

    /// <summary>TensorRT-LLM's OpenAI server (<c>trtllm-serve</c>, PyTorch backend).</summary>
    public const string Trtllm = "trtllm";

    /// <summary>Every value, Sluice's own first.</summary>
    public static IReadOnlyList<string> All { get; } = [Sluice, Vllm, Sglang, Tgi, Lmdeploy, Trtllm];
}
