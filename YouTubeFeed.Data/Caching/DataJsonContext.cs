using System.Text.Json;
using System.Text.Json.Serialization;

namespace YouTubeFeed.Data.Caching;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FirstPageSnapshot))]
internal sealed partial class DataJsonContext : JsonSerializerContext;
