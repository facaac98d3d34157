using System.Runtime.CompilerServices;

namespace Sluice.Engine.Compute.Cuda.Native;

/// <summary>
/// ncclUniqueId: 128 opaque bytes made by <see cref="Nccl.ncclGetUniqueId"/> on one rank and handed to every other rank
/// (over any channel) before <see cref="Nccl.ncclCommInitRank"/>; passed by value.
/// </summary>
[InlineArray(Size)]
public struct NcclUniqueId
{
    /// <summary>NCCL_UNIQUE_ID_BYTES.</summary>
    public const int Size = 128;

    private byte _first;
}
