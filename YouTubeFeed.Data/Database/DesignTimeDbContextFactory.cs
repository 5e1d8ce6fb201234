using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace YouTubeFeed.Data.Database;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without a running database: migrations are generated
/// from the model alone, for the same server version the services use.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<YouTubeFeedDbContext>
{
    public YouTubeFeedDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<YouTubeFeedDbContext>()
            .UseMySql(ServerVersion.Parse(new MySqlEntityFrameworkCoreSettings().ServerVersion))
            .Options;
        return new YouTubeFeedDbContext(options);
    }
}
