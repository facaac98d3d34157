using System.CommandLine;

var root = new RootCommand("sluice-bench: load generator for OpenAI-compatible servers");
return root.Parse(args).Invoke();
