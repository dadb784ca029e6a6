using PipelineSpecs.Function.Tests.Moto;
using Xunit;

// One moto server for the whole test assembly: starting one takes about a second, and every test names its
// resources uniquely, so tests share it safely and run in parallel.
[assembly: AssemblyFixture(typeof(MotoServer))]
