namespace Sluice.Engine.Tests.Cuda;

/// <summary>A theory that runs where clang is on the PATH (see <see cref="ClangFactAttribute"/>); elsewhere it is skipped with the reason.</summary>
public sealed class ClangTheoryAttribute : TheoryAttribute
{
    public ClangTheoryAttribute()
    {
        if (ClangFactAttribute.Clang is null)
        {
            Skip = ClangFactAttribute.SkipReason;
        }
    }
}
