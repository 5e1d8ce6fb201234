using System.Text.Json;
using System.Text.Json.Serialization;
using YouTubeFeed.Api.Legacy;
using YouTubeFeed.Api.Videos;

namespace YouTubeFeed.Api;

/// <summary>Source-generated JSON for every response body: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VideoPageDto))]
[JsonSerializable(typeof(LegacyPageDto))]
[JsonSerializable(typeof(LegacyStatusDto))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
