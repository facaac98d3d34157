using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// The one random generator of dummy weights, counter-based so that any element can be computed on its own, on any
/// thread or GPU lane, in any launch shape: word i of a tensor's stream is SplitMix64's output after i + 1 steps from
/// the tensor's <see cref="StreamKey"/>, i.e. Mix(key + γ·(i + 1)). Element i of a float tensor is
/// offset + amplitude · (2u − 1) with u = (word i &gt;&gt; 40) · 2⁻²⁴ (one fp32 multiply, then one fp32 add), stored
/// bf16 with round-to-nearest-even; byte b of a code tensor is byte b mod 8 (little-endian) of word b / 8.
/// The CUDA twin is <c>dummy_bits</c> / <c>fill_dummy</c> in elementwise.cu; both give bit-identical bf16 values.
/// </summary>
public static unsafe class DummyRandom
{
    /// <summary>SplitMix64's increment (the golden ratio in 64-bit fixed point).</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private const long ElementsPerTask = 1 << 16;

    /// <summary>The key of tensor <paramref name="tensorName"/>'s stream under <paramref name="seed"/>.</summary>
    public static ulong StreamKey(ulong seed, string tensorName) => Mix(seed ^ Mix(Fnv1a(tensorName)));

    /// <summary>Word <paramref name="index"/> of the stream <paramref name="key"/>.</summary>
    public static ulong Bits(ulong key, long index) => Mix(unchecked(key + (Gamma * (ulong)(index + 1))));

    /// <summary>Element <paramref name="index"/> of a tensor filled by <paramref name="fill"/>, in fp32.</summary>
    public static float Value(DummyFill fill, long index)
    {
        var u = (float)(Bits(fill.Key, index) >> 40) * (1f / 16777216f);
        var w = (2f * u) - 1f;
        var scaled = fill.Amplitude * w;
        return fill.Offset + scaled;
    }

    /// <summary>Byte <paramref name="index"/> of the stream <paramref name="key"/>.</summary>
    public static byte Byte(ulong key, long index) => (byte)(Bits(key, index >> 3) >> (int)(8 * (index & 7)));

    /// <summary>
    /// Writes elements [0, <paramref name="count"/>) of <paramref name="fill"/> at <paramref name="destination"/> as
    /// <paramref name="dtype"/> (fp32 as computed, fp16/bf16 rounded to nearest even), on all cores.
    /// </summary>
    public static void Fill(DummyFill fill, long count, WeightDtype dtype, nint destination)
    {
        var tasks = (count + ElementsPerTask - 1) / ElementsPerTask;
        Parallel.For(0L, tasks, task =>
        {
            var end = Math.Min(count, (task + 1) * ElementsPerTask);
            for (var i = task * ElementsPerTask; i < end; i++)
            {
                var value = Value(fill, i);
                switch (dtype)
                {
                    case WeightDtype.F32:
                        ((float*)destination)[i] = value;
                        break;
                    case WeightDtype.F16:
                        ((Half*)destination)[i] = (Half)value;
                        break;
                    default:
                        ((ushort*)destination)[i] = Bf16.FromSingle(value);
                        break;
                }
            }
        });
    }

    /// <summary>Fills <paramref name="destination"/> with bytes [0, destination.Length) of the stream <paramref name="key"/>, on all cores.</summary>
    public static void FillBytes(ulong key, Span<byte> destination)
    {
        fixed (byte* pointer = destination)
        {
            var address = (nint)pointer;
            var count = destination.Length;
            var words = (count + 7) / 8;
            var tasks = (int)((words + ElementsPerTask - 1) / ElementsPerTask);
            Parallel.For(0, tasks, task =>
            {
                var end = Math.Min(words, (task + 1) * ElementsPerTask);
                for (var word = task * ElementsPerTask; word < end; word++)
                {
                    var bits = Bits(key, word);
                    var bytes = (int)Math.Min(8, count - (word * 8));
                    for (var b = 0; b < bytes; b++)
                    {
                        ((byte*)address)[(word * 8) + b] = (byte)(bits >> (8 * b));
                    }
                }
            });
        }
    }

    /// <summary>The SplitMix64 finalizer.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>64-bit FNV-1a over the UTF-16 code units of <paramref name="text"/>.</summary>
    public static ulong Fnv1a(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash = unchecked((hash ^ ch) * 1099511628211UL);
        }

        return hash;
    }
}
