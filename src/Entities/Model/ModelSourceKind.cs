namespace Sluice.Entities.Model;

/// <summary>Where model weights come from.</summary>
public enum ModelSourceKind
{
    /// <summary>A Hugging Face repository, downloaded by an init container.</summary>
    HuggingFace,

    /// <summary>A directory on a PersistentVolumeClaim, mounted read-only.</summary>
    Pvc,

    /// <summary>Random weights at a preset's real shapes, built by the engine.</summary>
    Dummy,
}
