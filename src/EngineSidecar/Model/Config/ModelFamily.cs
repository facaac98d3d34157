namespace Sluice.Engine.Model.Config;

/// <summary>Architecture families the engine runs; they differ in weight names, fused projections and biases.</summary>
public enum ModelFamily
{
    /// <summary>LlamaForCausalLM: separate q/k/v and gate/up projections, optional llama3 RoPE scaling.</summary>
    Llama,

    /// <summary>Qwen2ForCausalLM: like Llama with q/k/v biases.</summary>
    Qwen2,

    /// <summary>MistralForCausalLM: like Llama with a sliding attention window.</summary>
    Mistral,

    /// <summary>Phi3ForCausalLM: fused qkv_proj and gate_up_proj, optional partial rotary.</summary>
    Phi3,
}
