using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace YouTubeFeed.Api.Http.Query;

/// <summary>
/// How the OpenAPI document shows the query value types: <see cref="QueryInteger"/> as an integer,
/// <see cref="QueryInstant"/> as a <c>date-time</c> string, <see cref="QueryOrder"/> as the enum it accepts (and a text
/// parameter with <see cref="System.ComponentModel.DataAnnotations.AllowedValuesAttribute"/> as its enum), inline
/// in each parameter (each carries its own range), with the <see cref="QueryDefaultAttribute"/> and
/// <see cref="System.ComponentModel.DataAnnotations.AllowedValuesAttribute"/> of the record's property. The generator
/// itself adds the description, <c>minimum</c>/<c>maximum</c>, <c>maxLength</c> and <c>pattern</c> from the same
/// attributes <see cref="QueryValidation"/> checks.
/// </summary>
internal static class QueryValueSchemas
{
    public static OpenApiOptions AddQueryValueSchemas(this OpenApiOptions options)
    {
        var referenceId = options.CreateSchemaReferenceId;
        options.CreateSchemaReferenceId = type => IsQueryValue(type.Type) ? null : referenceId(type);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (!IsQueryValue(type))
            {
                // A text parameter limited to a few values (duration, shorts, live) shows them as its enum.
                var text = (context.ParameterDescription?.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo;
                if (type == typeof(string) && text?.GetCustomAttribute<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>() is { } values)
                {
                    schema.Enum = [.. values.Values.Select(Node)];
                }

                return Task.CompletedTask;
            }

            schema.Properties = null;
            schema.Required = null;
            if (type == typeof(QueryInteger))
            {
                schema.Type = JsonSchemaType.Integer;
                schema.Format = "int32";
            }
            else if (type == typeof(QueryInstant))
            {
                schema.Type = JsonSchemaType.String;
                schema.Format = "date-time";
            }
            else
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = [.. QueryOrder.Names.Select(name => (JsonNode)JsonValue.Create(name))];
            }

            var property = (context.ParameterDescription?.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo;
            if (property?.GetCustomAttribute<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>() is { } allowed)
            {
                schema.Enum = [.. allowed.Values.Select(Node)];
            }

            if (property?.GetCustomAttribute<QueryDefaultAttribute>() is { } fallback)
            {
                schema.Default = Node(fallback.Value);
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static bool IsQueryValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(QueryInteger) || type == typeof(QueryInstant) || type == typeof(QueryOrder);
    }

    private static JsonNode Node(object? value) => value switch
    {
        int number => JsonValue.Create(number),
        string text => JsonValue.Create(text),
        _ => throw new InvalidOperationException($"No JSON form for the default {value}."),
    };
}
