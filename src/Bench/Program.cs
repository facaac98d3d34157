using Sluice.Bench.Cli;

return await BenchCli.Create().Parse(args).InvokeAsync();
