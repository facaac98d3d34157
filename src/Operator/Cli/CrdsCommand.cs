using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Sluice.Operator.Crds;

namespace Sluice.Operator.Cli;

/// <summary><c>sluice-operator crds</c>: writes (or with --check compares) the generated CRD YAML.</summary>
public static class CrdsCommand
{
    [RequiresUnreferencedCode("reflects over the entity types")]
    public static Command Create()
    {
        var output = new Option<string[]>("--output-dir")
        {
            Description = "directory to write the CRD files into (repeatable)",
            DefaultValueFactory = _ => ["config/crds"],
            AllowMultipleArgumentsPerToken = true,
        };
        var check = new Option<bool>("--check") { Description = "write nothing; exit 1 when a file is missing or differs" };
        var command = new Command("crds", "generate the CustomResourceDefinition YAML from the entity types") { output, check };
        command.SetAction(parse =>
        {
            var checkOnly = parse.GetValue(check);
            IReadOnlyList<string> drifted;
            try
            {
                drifted = CrdFiles.Sync(parse.GetValue(output)!, checkOnly);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"sluice-operator crds: {ex.Message}");
                return 2;
            }

            foreach (var path in drifted)
            {
                Console.WriteLine(checkOnly ? $"out of date: {path} (run `make crds`)" : $"wrote {path}");
            }

            return checkOnly && drifted.Count > 0 ? 1 : 0;
        });
        return command;
    }
}
