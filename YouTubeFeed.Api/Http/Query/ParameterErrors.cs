namespace YouTubeFeed.Api.Http.Query;

/// <summary>What is wrong with a request's parameters, by parameter name, in the order found: the body of a 400.</summary>
public sealed class ParameterErrors
{
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string[]> Errors => errors;

    public bool IsValid => errors.Count == 0;

    public string FirstError => errors.Values.First()[0];

    public bool Has(string name) => errors.ContainsKey(name);

    public void Add(string name, string message) =>
        errors[name] = errors.TryGetValue(name, out var existing) ? [.. existing, message] : [message];
}
