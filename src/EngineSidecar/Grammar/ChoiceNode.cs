namespace Sluice.Engine.Grammar;

/// <summary>One of several nodes (a type list, anyOf); their first bytes are disjoint, so the first byte picks the option.</summary>
public sealed class ChoiceNode : GrammarNode
{
    private readonly Lazy<GrammarNode[]> _options;
    private readonly Lazy<bool[]> _first;

    /// <summary>Throws <see cref="ArgumentException"/> when two options can start with the same byte.</summary>
    public ChoiceNode(Func<GrammarNode[]> options)
    {
        _options = new Lazy<GrammarNode[]>(options);
        _first = new Lazy<bool[]>(() =>
        {
            var first = new bool[256];
            foreach (var option in Options)
            {
                for (var b = 0; b < 256; b++)
                {
                    if (option.FirstBytes[b])
                    {
                        if (first[b])
                        {
                            throw new ArgumentException($"two alternatives can both start with '{(char)b}'");
                        }

                        first[b] = true;
                    }
                }
            }

            return first;
        });
    }

    public GrammarNode[] Options => _options.Value;

    public override bool[] FirstBytes => _first.Value;

    /// <summary>The option that starts with <paramref name="b"/>, or null.</summary>
    public GrammarNode? OptionFor(byte b) => Array.Find(Options, o => o.FirstBytes[b]);
}
