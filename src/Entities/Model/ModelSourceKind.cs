namespace Sluice.Entities.Model;

/// <summary>Where model weights come from.</summary>
public enum ModelSourceKind
{
    /// <summary>A Hugging Face repository, fetched into the model cache by the init container.</summary>
    HuggingFace,

    /// <summary>Objects under a key prefix of an S3 (or S3-compatible) bucket, fetched into the model cache.</summary>
    S3,

    /// <summary>A model stored as an OCI artifact (one titled layer per file), fetched into the model cache.</summary>
    Oci,

    /// <summary>A directory on a PersistentVolumeClaim, mounted read-only.</summary>
    Pvc,

    /// <summary>Random weights at a preset's real shapes, built by the engine.</summary>
    Dummy,
}
