using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace YouTubeFeed.Api.Http.Query;

/// <summary>
/// The one check of a request record's query parameters, read from the record's own declarations, the same ones the
/// OpenAPI document is generated from: each parameter's name (<see cref="FromQueryAttribute"/>), its type (which
/// parsed the text: <see cref="QueryInteger"/>, <see cref="QueryInstant"/>, <see cref="QueryOrder"/>, or text) and its
/// constraints (<see cref="RangeAttribute"/>, <see cref="AllowedValuesAttribute"/> (integers and text), <see cref="MaxLengthAttribute"/>,
/// <see cref="RegularExpressionAttribute"/>). Also refused: a parameter given twice (the framework would join the
/// values with a comma) and, where the endpoint says so, a parameter it does not take.
/// </summary>
public static class QueryValidation
{
    private static readonly ConcurrentDictionary<Type, Parameter[]> Declared = new();

    public static ParameterErrors Check<TRequest>(TRequest request, HttpRequest http, bool refuseUnknown)
        where TRequest : notnull
    {
        var errors = new ParameterErrors();
        var parameters = Declared.GetOrAdd(typeof(TRequest), Read);
        foreach (var parameter in parameters)
        {
            var given = http.Query[parameter.Name].Count;
            if (given > 1)
            {
                errors.Add(parameter.Name, $"{parameter.Name} is given {given} times; give it once.");
            }
            else if (parameter.Problem(parameter.Property.GetValue(request)) is { } problem)
            {
                errors.Add(parameter.Name, problem);
            }
        }

        if (refuseUnknown)
        {
            foreach (var key in http.Query.Keys.Where(key => key.Length > 0))
            {
                if (!parameters.Any(p => p.Name.Equals(key, StringComparison.OrdinalIgnoreCase)))
                {
                    var name = Shorten(key);
                    errors.Add(name, $"{name} is not a parameter of {http.Path}; it takes {string.Join(", ", parameters.Select(p => p.Name))}.");
                }
            }
        }

        return errors;
    }

    /// <summary>The names of a request record's query parameters, in declaration order.</summary>
    public static IEnumerable<string> NamesOf<TRequest>() => Declared.GetOrAdd(typeof(TRequest), Read).Select(p => p.Name);

    private static Parameter[] Read(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetCustomAttribute<FromQueryAttribute>() is not null)
            .Select(property => new Parameter(property))];

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private sealed class Parameter
    {
        private readonly RangeAttribute? range;
        private readonly AllowedValuesAttribute? allowedValues;
        private readonly MaxLengthAttribute? maxLength;
        private readonly RegularExpressionAttribute? pattern;
        private readonly Regex? regex;

        public Parameter(PropertyInfo property)
        {
            Property = property;
            Name = property.GetCustomAttribute<FromQueryAttribute>()!.Name ?? property.Name;
            range = property.GetCustomAttribute<RangeAttribute>();
            allowedValues = property.GetCustomAttribute<AllowedValuesAttribute>();
            maxLength = property.GetCustomAttribute<MaxLengthAttribute>();
            pattern = property.GetCustomAttribute<RegularExpressionAttribute>();
            regex = pattern is null ? null : new Regex(pattern.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }

        public PropertyInfo Property { get; }

        public string Name { get; }

        public string? Problem(object? value) => value switch
        {
            QueryInteger integer => IntegerProblem(integer),
            QueryInstant instant when instant.IsEmpty || instant.Value is not null => null,
            QueryInstant instant => instant.OutOfRange
                ? $"{Name} must be an ISO 8601 date-time between the years {QueryInstant.MinYear} and {QueryInstant.MaxYear}; '{Shorten(instant.Text)}' is not."
                : $"{Name} must be an ISO 8601 date-time with a time zone, such as {QueryInstant.Example}; '{Shorten(instant.Text)}' is not.",
            QueryOrder order when order.IsEmpty || order.Value is not null => null,
            QueryOrder order => $"{Name} must be {QueryOrder.Newest} (newest first), {QueryOrder.Oldest} (oldest first) or {QueryOrder.MostViewed} (most viewed first); '{Shorten(order.Text)}' is not.",
            string text => TextProblem(text),
            _ => null,
        };

        private string? IntegerProblem(QueryInteger integer)
        {
            if (integer.IsEmpty)
            {
                return null;
            }

            if (integer.Value is not { } value)
            {
                return integer.LooksNumeric
                    ? $"{Name} must be {Allowed()}; {Shorten(integer.Text)} is out of range."
                    : $"{Name} must be {Allowed()}; '{Shorten(integer.Text)}' is not an integer.";
            }

            var allowed = allowedValues is null || allowedValues.Values.Contains(value);
            var inRange = range is null || (value >= (int)range.Minimum && value <= (int)range.Maximum);
            return allowed && inRange ? null : $"{Name} must be {Allowed()}; {value} is not.";
        }

        private string Allowed()
        {
            if (allowedValues is not null)
            {
                return "one of " + string.Join(", ", allowedValues.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
            }

            return range switch
            {
                null => "an integer",
                { Maximum: int.MaxValue } => $"an integer of {range.Minimum} or more",
                _ => $"an integer from {range.Minimum} to {range.Maximum}",
            };
        }

        private string? TextProblem(string text)
        {
            if (text.Length == 0)
            {
                return null;
            }

            if (maxLength is not null && text.Length > maxLength.Length)
            {
                return maxLength.ErrorMessage ?? $"{Name} is {text.Length} characters long; at most {maxLength.Length} are allowed.";
            }

            if (allowedValues is not null && !allowedValues.Values.Contains(text))
            {
                return $"{Name} must be {Allowed()}; '{Shorten(text)}' is not.";
            }

            return regex is not null && !regex.IsMatch(text)
                ? pattern!.ErrorMessage ?? $"{Name} must match {pattern.Pattern}."
                : null;
        }
    }
}
