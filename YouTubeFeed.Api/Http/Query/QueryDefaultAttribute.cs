namespace YouTubeFeed.Api.Http.Query;

/// <summary>
/// The value a request record's parameter takes when it is not given, as the OpenAPI document shows it
/// (<see cref="QueryValueSchemas"/>). Not <see cref="System.ComponentModel.DefaultValueAttribute"/>: the OpenAPI
/// generator would try to write an <c>int</c> as a <see cref="QueryInteger"/>, and fail.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class QueryDefaultAttribute(object value) : Attribute
{
    public object Value { get; } = value;
}
