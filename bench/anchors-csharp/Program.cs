// Usage: AnchorHost <request.json>. The request names the sources, the metadata references and the analyzer
// assemblies; every diagnostic of every analyzer is turned on (AnalysisMode=All for all of them). Prints one JSON
// object per diagnostic (id, file, line, message) on stdout.
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

var request = JsonSerializer.Deserialize<Request>(File.ReadAllText(args[0]), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
    ?? throw new InvalidOperationException("empty request");
var analyzerDirs = request.Analyzers.Select(Path.GetDirectoryName).Distinct().ToList();
// Analyzer dependencies (a shared helper assembly next to the analyzer) are found in the analyzers' folders.
AssemblyLoadContext.Default.Resolving += (_, name) =>
{
    foreach (var dir in analyzerDirs)
    {
        var candidate = Path.Combine(dir!, name.Name + ".dll");
        if (File.Exists(candidate)) return AssemblyLoadContext.Default.LoadFromAssemblyPath(candidate);
    }
    return null;
};
var loader = new Loader();
var analyzers = request.Analyzers
    .SelectMany(p => new AnalyzerFileReference(p, loader).GetAnalyzers(LanguageNames.CSharp))
    .ToImmutableArray();
var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct();
var parse = new CSharpParseOptions(LanguageVersion.Preview);
var trees = request.Sources.Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), parse, path: p)).ToList();
// What <ImplicitUsings>enable</ImplicitUsings> adds to an SDK project.
trees.Add(CSharpSyntaxTree.ParseText(
    "global using System; global using System.IO; global using System.Collections.Generic; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
    parse, path: "GlobalUsings.g.cs"));
var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
    nullableContextOptions: NullableContextOptions.Enable,
    specificDiagnosticOptions: ids.ToDictionary(i => i, _ => ReportDiagnostic.Warn));
var compilation = CSharpCompilation.Create("Anchors", trees, request.References.Select(r => MetadataReference.CreateFromFile(r)), options);
var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();
foreach (var d in diagnostics)
{
    if (!d.Location.IsInSource || d.Severity == DiagnosticSeverity.Hidden) continue;
    var span = d.Location.GetLineSpan();
    Console.WriteLine(JsonSerializer.Serialize(new { id = d.Id, file = span.Path, line = span.StartLinePosition.Line + 1, severity = d.Severity.ToString(), message = d.GetMessage() }));
}

internal sealed record Request(List<string> Sources, List<string> References, List<string> Analyzers);

internal sealed class Loader : IAnalyzerAssemblyLoader
{
    public void AddDependencyLocation(string fullPath) { }
    public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
}
