using MySqlConnector;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Data;

/// <summary>
/// Search terms are written after the upsert (<see cref="SearchIndexer"/>); until then a search reads the
/// queued videos themselves. Against a real MariaDB.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class SearchIndexTests(BackendFixture backend) : IAsyncLifetime
{
    private static readonly string[] Words = ["river", "rocket", "garden", "guitar", "galaxy", "harbor", "lemon", "lantern"];
    private static readonly string[] Channels = ["UCone", "UCtwo", "UCthree"];

    private IsolatedStore store = null!;
    private WorkerHarness services = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = await IsolatedStore.CreateAsync(backend);
        services = await WorkerHarness.StartAsync(store, new Uri("http://127.0.0.1:9/"));
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    [Fact]
    public async Task The_upsert_queues_new_videos_and_the_indexer_writes_exactly_their_terms()
    {
        var videos = new List<VideoRecord>
        {
            Videos.Make("idx000001", "Rocket garden", Videos.Origin, "A lemon tree"),
            Videos.Make("idx000002", "Harbor lights", Videos.Origin.AddMinutes(1)),
        };
        await services.Get<VideoWriter>().UpsertAsync(videos, Cancel);
        // New videos: one queue row for the batch, none of their own.
        Assert.Equal(["[\"idx000001\",\"idx000002\"]"], await store.ColumnAsync("SELECT video_ids FROM search_backlog_batches"));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog"));
        Assert.Equal(2, await services.Get<SearchIndexer>().BacklogAsync(Cancel));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms"));

        Assert.Equal(2, await services.Get<SearchIndexer>().DrainAsync(Cancel));

        Assert.Equal(0, await services.Get<SearchIndexer>().BacklogAsync(Cancel));
        Assert.Equal(
            videos.Sum(v => SearchTerms.IndexTerms(v.Title, v.Description).Count),
            await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms"));
        // Storing the same videos again changes nothing, so nothing is queued.
        await services.Get<VideoWriter>().UpsertAsync(videos, Cancel);
        Assert.Equal(0, await services.Get<SearchIndexer>().BacklogAsync(Cancel));
    }

    [Fact]
    public async Task The_indexer_takes_the_videos_that_waited_longest_first_whatever_their_ids()
    {
        // Queued one after the other, the later with the smaller id: ordered by id, the later would go first.
        var writer = services.Get<VideoWriter>();
        var indexer = services.Get<SearchIndexer>();
        await writer.UpsertAsync([Videos.Make("zzqueued1", "Rocket harbor", Videos.Origin)], Cancel);
        await writer.UpsertAsync([Videos.Make("aaqueued2", "Lemon lantern", Videos.Origin.AddMinutes(1))], Cancel);

        // New videos, each in its writer's batch row.
        Assert.Equal(1, await indexer.IndexNextAsync(1, Cancel));
        Assert.Equal(["[\"aaqueued2\"]"], await store.ColumnAsync("SELECT video_ids FROM search_backlog_batches"));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'aaqueued2'"));
        Assert.True(await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'zzqueued1'") > 0);
        Assert.Equal(1, await indexer.DrainAsync(Cancel));

        // Changed videos, each in a backlog row of its own.
        await writer.UpsertAsync([Videos.Make("zzqueued1", "Rocket harbor again", Videos.Origin)], Cancel);
        await writer.UpsertAsync([Videos.Make("aaqueued2", "Lemon lantern again", Videos.Origin.AddMinutes(1))], Cancel);
        Assert.True(
            await store.ScalarAsync<long>(
                "SELECT COUNT(*) FROM search_backlog a JOIN search_backlog b ON a.video_id = 'zzqueued1' AND b.video_id = 'aaqueued2' AND a.queued_at < b.queued_at") == 1,
            "the second video was queued later");

        Assert.Equal(1, await indexer.IndexNextAsync(1, Cancel));

        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog WHERE video_id = 'zzqueued1'"));
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog WHERE video_id = 'aaqueued2'"));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'aaqueued2' AND term = 'again'"));
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'zzqueued1' AND term = 'again'"));
    }

    [Fact]
    public async Task A_batch_row_is_taken_in_part_when_it_holds_more_than_the_batch_and_the_rest_stays_queued()
    {
        var writer = services.Get<VideoWriter>();
        var indexer = services.Get<SearchIndexer>();
        await writer.UpsertAsync(Videos.Series("part", 70, title: "Harbor lantern"), Cancel);
        await writer.UpsertAsync(Videos.Series("next", 5, title: "Rocket garden"), Cancel);

        Assert.Equal(30, await indexer.IndexNextAsync(30, Cancel));
        Assert.Equal(45, await indexer.BacklogAsync(Cancel));
        Assert.Equal(30, await store.ScalarAsync<long>("SELECT COUNT(DISTINCT video_id) FROM video_terms"));
        Assert.Equal(45, await indexer.IndexNextAsync(SearchIndexer.MaxBatchSize, Cancel));
        Assert.Equal(0, await indexer.BacklogAsync(Cancel));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog_batches"));
        Assert.Equal(75, await store.ScalarAsync<long>("SELECT COUNT(DISTINCT video_id) FROM video_terms"));
    }

    [Fact]
    public async Task A_new_video_changed_before_it_is_indexed_ends_with_the_terms_of_its_last_version_only()
    {
        var writer = services.Get<VideoWriter>();
        var indexer = services.Get<SearchIndexer>();
        var reader = services.Get<VideoReader>();
        await writer.UpsertAsync([Videos.Make("newchg001", "Walrus ballet", Videos.Origin)], Cancel);
        // Changed while its batch row waits: queued again in a row of its own, which records a version never indexed.
        await writer.UpsertAsync([Videos.Make("newchg001", "Penguin ballet", Videos.Origin.AddMinutes(5))], Cancel);
        Assert.Equal(2, await indexer.BacklogAsync(Cancel));
        Assert.Equal("Penguin ballet", Assert.Single(await reader.PageAsync(new VideoQuery { Words = ["pengu"] }, Cancel)).Title);

        // The batch row is taken first; the video is left to its own row, which a third version then leaves as it is
        // (still naming the first version). Had the batch written "penguin", nothing would ever delete it.
        Assert.Equal(1, await indexer.IndexNextAsync(SearchIndexer.MaxBatchSize, Cancel));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog_batches"));
        await writer.UpsertAsync([Videos.Make("newchg001", "Otter ballet", Videos.Origin.AddMinutes(9))], Cancel);
        Assert.Equal(1, await indexer.DrainAsync(Cancel));

        Assert.Equal(
            ["ballet 2026-11-01 00:09:00", "otter 2026-11-01 00:09:00"],
            (await store.ColumnAsync("SELECT CONCAT(term, ' ', DATE_FORMAT(published_at, '%Y-%m-%d %H:%i:%s')) FROM video_terms WHERE video_id = 'newchg001'"))
                .Order(StringComparer.Ordinal));
        Assert.Equal("Otter ballet", Assert.Single(await reader.PageAsync(new VideoQuery { Words = ["otte"] }, Cancel)).Title);
        Assert.Empty(await reader.PageAsync(new VideoQuery { Words = ["pengu"] }, Cancel));
        Assert.Empty(await reader.PageAsync(new VideoQuery { Words = ["walrus"] }, Cancel));
    }

    [Fact]
    public async Task A_writer_changing_a_new_video_waits_for_the_batch_that_is_reading_it()
    {
        // What keeps a changed video's record of the version in the index true: the batch that reads a new video to
        // write its terms holds the video until it commits, so a writer records the version just written, not the one
        // before it (whose rows the record's indexer would delete, leaving these).
        var writer = services.Get<VideoWriter>();
        await writer.UpsertAsync([Videos.Make("lockwait1", "Walrus ballet", Videos.Origin)], Cancel);
        await using var batch = new MySqlConnection(store.MySqlConnectionString);
        await batch.OpenAsync(Cancel);
        await using (var begin = new MySqlCommand("SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION", batch))
        {
            await begin.ExecuteNonQueryAsync(Cancel);
        }

        await using (var read = new MySqlCommand(SearchIndexer.ReadNewVideosSql, batch))
        {
            read.Parameters.AddWithValue("@ids", "[\"lockwait1\"]");
            await using var reader = await read.ExecuteReaderAsync(Cancel);
            Assert.True(await reader.ReadAsync(Cancel));
        }

        var change = writer.UpsertAsync([Videos.Make("lockwait1", "Penguin ballet", Videos.Origin)], Cancel);
        await Faults.FaultRig.Eventually(
            () => store.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE '%lockwait1%'"),
            waiting => waiting == 1,
            TimeSpan.FromSeconds(20),
            "the writer waiting for the batch's lock on the video");
        Assert.False(change.IsCompleted);

        await using (var commit = new MySqlCommand("COMMIT", batch))
        {
            await commit.ExecuteNonQueryAsync(Cancel);
        }

        Assert.Equal(1, (await change).Updated);
        Assert.Equal(
            "2026-11-01 00:00:00 walrus ballet",
            await store.ScalarAsync<string>("SELECT CONCAT(DATE_FORMAT(indexed_published_at, '%Y-%m-%d %H:%i:%s'), ' ', indexed_terms) FROM search_backlog WHERE video_id = 'lockwait1'"));
    }

    [Fact]
    public async Task A_changed_video_is_judged_by_its_new_text_before_and_after_its_terms_are_rewritten()
    {
        var writer = services.Get<VideoWriter>();
        var reader = services.Get<VideoReader>();
        var video = Videos.Make("idxchg001", "Galaxy guitar", Videos.Origin);
        await writer.UpsertAsync([video], Cancel);
        await services.Get<SearchIndexer>().DrainAsync(Cancel);

        await writer.UpsertAsync([video with { Title = "Lantern river", PublishedAt = Videos.Origin.AddDays(1) }], Cancel);
        Assert.Equal(1, await services.Get<SearchIndexer>().BacklogAsync(Cancel));
        // The index still holds "galaxy" for this video; the queued row says otherwise and wins.
        Assert.Empty(await reader.PageAsync(new VideoQuery { Words = ["galaxy"] }, Cancel));
        Assert.Equal("Lantern river", Assert.Single(await reader.PageAsync(new VideoQuery { Words = ["lant"] }, Cancel)).Title);

        await services.Get<SearchIndexer>().DrainAsync(Cancel);
        Assert.Empty(await reader.PageAsync(new VideoQuery { Words = ["galaxy"] }, Cancel));
        Assert.Equal("Lantern river", Assert.Single(await reader.PageAsync(new VideoQuery { Words = ["lant"] }, Cancel)).Title);
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE term = 'galaxy'"));
        Assert.Equal(
            SearchTerms.IndexTerms("Lantern river", "").Count,
            await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'idxchg001' AND published_at = '2026-11-02 00:00:00'"));
    }

    [Fact]
    public async Task Every_search_gives_the_same_pages_with_no_terms_some_terms_and_all_terms_written()
    {
        // 240 videos: two or three words each, three channels, some sharing a publish time (ties broken by id).
        var random = new Random(7);
        var videos = Enumerable.Range(0, 240).Select(i => Videos.Make(
            $"eq{i:D7}",
            string.Join(' ', Enumerable.Range(0, 2 + (i % 2)).Select(_ => Words[random.Next(Words.Length)])),
            Videos.Origin.AddMinutes(i / 3),
            random.Next(4) == 0 ? "Guitarist notes" : "",
            Channels[i % Channels.Length])).ToList();
        foreach (var batch in videos.Chunk(50))
        {
            await services.Get<VideoWriter>().UpsertAsync(batch, Cancel);
        }

        VideoQuery[] queries =
        [
            new() { Words = ["river"], Limit = 7 },
            new() { Words = ["gar"], Limit = 9, Order = SortOrder.OldestFirst },
            new() { Words = ["rocket", "lemon"], Limit = 5 },
            new() { Words = ["guitar"], Limit = 11, ChannelId = "UCtwo" },
            new() { Words = ["harbor"], Limit = 6, PublishedAfter = Videos.Origin.AddMinutes(20), PublishedBefore = Videos.Origin.AddMinutes(60) },
            new() { Words = ["guitarist"], Limit = 4 },
            new() { Words = ["zebra"], Limit = 10 },
        ];

        var none = await WalkAllAsync(queries);
        Assert.Contains(none, ids => ids.Count > 20);
        Assert.Equal(240, await services.Get<SearchIndexer>().BacklogAsync(Cancel));

        await services.Get<SearchIndexer>().IndexNextAsync(100, Cancel);
        var some = await WalkAllAsync(queries);
        Assert.Equal(140, await services.Get<SearchIndexer>().BacklogAsync(Cancel));

        await services.Get<SearchIndexer>().DrainAsync(Cancel);
        var all = await WalkAllAsync(queries);

        // And what the query means, computed here from the videos themselves.
        var expected = queries.Select(q => Expected(videos, q)).ToList();
        Assert.Equal(expected, none);
        Assert.Equal(expected, some);
        Assert.Equal(expected, all);
    }

    [Fact]
    public async Task A_video_changed_while_it_is_being_indexed_ends_with_the_terms_of_its_last_version()
    {
        var writer = services.Get<VideoWriter>();
        var indexer = services.Get<SearchIndexer>();
        var video = Videos.Make("idxrace01", "version 0", Videos.Origin);
        await writer.UpsertAsync([video], Cancel);

        using var writing = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var indexing = Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
            {
                await indexer.IndexNextAsync(10, Cancel);
            }
        }, Cancel);
        for (var version = 1; version <= 60; version++)
        {
            await writer.UpsertAsync([video with { Title = $"version{version} {Words[version % Words.Length]}" }], Cancel);
        }

        await writing.CancelAsync();
        await indexing;
        await indexer.DrainAsync(Cancel);

        var last = $"version60 {Words[60 % Words.Length]}";
        var terms = await store.ColumnAsync("SELECT term FROM video_terms WHERE video_id = 'idxrace01'");
        Assert.Equal(SearchTerms.IndexTerms(last, "").Order(StringComparer.Ordinal), terms.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Three_indexers_and_a_writer_at_once_leave_every_video_with_exactly_the_terms_of_its_last_version()
    {
        // Several Worker replicas each run an indexer: three here, each with its own pool, taking full batches
        // while a writer changes videos they may be holding.
        var writer = services.Get<VideoWriter>();
        var latest = new Dictionary<string, VideoRecord>(StringComparer.Ordinal);
        foreach (var batch in Enumerable.Range(0, 3 * SearchIndexer.MaxBatchSize)
                     .Select(i => Videos.Make($"many{i:D5}", $"{Words[i % Words.Length]} first {i}", Videos.Origin.AddMinutes(i), $"{Words[(i / 3) % Words.Length]} notes"))
                     .Chunk(50))
        {
            await writer.UpsertAsync(batch, Cancel);
            foreach (var video in batch)
            {
                latest[video.VideoId] = video;
            }
        }

        var indexers = Enumerable.Range(0, 3).Select(_ => new SearchIndexer(services.Get<MySqlDataSource>())).ToList();
        try
        {
            using var writing = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            var indexing = indexers.Select(indexer => Task.Run(async () =>
            {
                while (!writing.IsCancellationRequested)
                {
                    await indexer.IndexNextAsync(SearchIndexer.MaxBatchSize, Cancel);
                }
            }, Cancel)).ToList();
            for (var round = 0; round < 4; round++)
            {
                // The same seventh of the videos each round, renamed and moved in time, whether queued, being indexed or indexed.
                foreach (var batch in latest.Values.Where((_, i) => i % 7 == 0).ToList().Chunk(50))
                {
                    var changed = batch.Select(v => v with { Title = $"{Words[(round + 3) % Words.Length]} round{round}", PublishedAt = v.PublishedAt.AddSeconds(round + 1) }).ToList();
                    await writer.UpsertAsync(changed, Cancel);
                    foreach (var video in changed)
                    {
                        latest[video.VideoId] = video;
                    }
                }
            }

            await writing.CancelAsync();
            await Task.WhenAll(indexing);
            await indexers[0].DrainAsync(Cancel);
        }
        finally
        {
            foreach (var indexer in indexers)
            {
                await indexer.DisposeAsync();
            }
        }

        Assert.Equal(0, await services.Get<SearchIndexer>().BacklogAsync(Cancel));
        var expected = latest.Values
            .SelectMany(v => SearchTerms.IndexTerms(v.Title, v.Description).Select(t => $"{v.VideoId} {v.PublishedAt:O} {t}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var stored = await store.ColumnAsync(
            "SELECT CONCAT(video_id, ' ', DATE_FORMAT(published_at, '%Y-%m-%dT%H:%i:%s.%f0Z'), ' ', term) FROM video_terms");
        Assert.Equal(expected, stored.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task The_statements_over_a_batchs_ids_look_each_id_up_by_key_even_in_tables_analyzed_empty()
    {
        // Statistics taken while a table was empty are what could plan an IN list as a scan (BatchIds).
        await store.ColumnAsync("ANALYZE TABLE videos, search_backlog, gone_videos");
        foreach (var sql in new[]
                 {
                     SearchIndexer.ReadVideosSql, SearchIndexer.ReadVideosSql + " LOCK IN SHARE MODE", SearchIndexer.ReadChangedSql, SearchIndexer.DeleteTakenSql,
                     VideoWriter.ReadStoredSql + " FOR UPDATE", VideoWriter.ReadGoneSql,
                 })
        {
            var plan = await store.ExplainAsync(sql.Replace("@ids", "'[\"idx000001\",\"idx000002\"]'", StringComparison.Ordinal));
            Assert.Equal("ids", plan[0]["table"]);
            var lookup = Assert.Single(plan.Skip(1));
            Assert.Equal(("eq_ref", "PRIMARY"), (lookup["type"], lookup["key"]));
        }

        // And search's read of the videos queued in batch rows: each row's ids, then each video by key.
        var queued = await store.ExplainAsync(VideoSearch.QueuedNewVideosSql);
        Assert.Equal(["q", "ids", "v"], queued.Select(row => row["table"]));
        Assert.Equal(("eq_ref", "PRIMARY"), (queued[2]["type"], queued[2]["key"]));
    }

    [Fact]
    public async Task The_workers_indexer_writes_the_terms_of_videos_stored_while_it_runs()
    {
        await using var worker = await WorkerHarness.StartAsync(store, new Uri("http://127.0.0.1:9/"), runOnTimer: true);
        var videos = Videos.Series("bg", 120, title: "Background lantern");
        foreach (var batch in videos.Chunk(50))
        {
            await worker.Get<VideoWriter>().UpsertAsync(batch, Cancel);
        }

        await Faults.FaultRig.Eventually(
            () => worker.Get<SearchIndexer>().BacklogAsync(Cancel),
            backlog => backlog == 0,
            TimeSpan.FromSeconds(30),
            "an empty search backlog");
        Assert.Equal(120, await store.ScalarAsync<long>("SELECT COUNT(DISTINCT video_id) FROM video_terms WHERE term = 'lantern'"));
    }

    [Fact]
    public async Task A_search_walks_at_most_its_budget_and_its_next_page_continues_where_it_stopped()
    {
        // Two words in 1,600 videos each, never together, but for three videos: the newest, one half the budget
        // down, and the oldest. Every search page may walk 1,000 rows of the driving word.
        const int each = VideoReader.SearchWalkBudget + 600;
        var videos = new List<VideoRecord>();
        for (var i = 0; i < 2 * each; i++)
        {
            videos.Add(Videos.Make($"dj{i:D6}", i % 2 == 0 ? $"Zephyr clip {i}" : $"Obsidian clip {i}", Videos.Origin.AddMinutes(i)));
        }

        string Id(int i) => "dj" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        string[] both = [Id((2 * each) - 1), Id((2 * each) - VideoReader.SearchWalkBudget), Id(0)];
        foreach (var id in both)
        {
            var index = videos.FindIndex(v => v.VideoId == id);
            videos[index] = videos[index] with { Title = $"Zephyr and obsidian {id}" };
        }

        foreach (var batch in videos.Chunk(50))
        {
            await services.Get<VideoWriter>().UpsertAsync(batch, Cancel);
        }

        await services.Get<SearchIndexer>().DrainAsync(Cancel);
        var reader = services.Get<VideoReader>();
        var query = new VideoQuery { Words = ["zephyr", "obsidian"], Limit = 20 };

        var first = await reader.ReadPageAsync(query, Cancel);
        Assert.True(first.Partial);
        Assert.Equal(both[..2], first.Videos.Select(v => v.VideoId));

        var second = await reader.ReadPageAsync(query with { After = first.ContinueAfter }, Cancel);
        Assert.False(second.Partial);
        Assert.Equal(both[2..], second.Videos.Select(v => v.VideoId));

        // One word alone never needs the budget: every row it walks is a match.
        var single = await reader.ReadPageAsync(query with { Words = ["obsidian"] }, Cancel);
        Assert.False(single.Partial);
        Assert.Equal(20, single.Videos.Count);
    }

    [Fact]
    public async Task The_rarest_word_drives_even_when_both_words_are_common()
    {
        // "commonplace" in 1,200 videos, "rare" in 300: both far past any small counting probe.
        var videos = Enumerable.Range(0, 1200).Select(i => Videos.Make(
            $"rw{i:D6}", i % 4 == 0 ? $"Rare commonplace {i}" : $"Commonplace {i}", Videos.Origin.AddMinutes(i))).ToList();
        foreach (var batch in videos.Chunk(50))
        {
            await services.Get<VideoWriter>().UpsertAsync(batch, Cancel);
        }

        await services.Get<SearchIndexer>().DrainAsync(Cancel);
        var query = new VideoQuery { Words = ["commonplace", "rare"], Limit = 10 };
        var (page, statements) = await services.Get<VideoReader>().TraceSearchAsync(query, Cancel);

        var walk = statements.First(s => s.Parameters.ContainsKey("@d0"));
        Assert.Equal("rare", walk.Parameters["@d0"]);
        Assert.Equal(Expected(videos, query).Take(10), page.Videos.Select(v => v.VideoId));
    }

    [Fact]
    public async Task Two_words_that_go_together_read_the_rows_their_page_needs_not_the_whole_budget()
    {
        // "swiftly" in every video, "taylor" in a third of 3,600: the 1,200 taylor rows are the driver, every one a
        // match. Reading the budget's 1,000 of them (and 3,000 swiftly rows beside them) for a page of 20 is waste.
        var videos = Enumerable.Range(0, 3600).Select(i => Videos.Make(
            $"tw{i:D6}", i % 3 == 0 ? $"Taylor swiftly {i}" : $"Swiftly {i}", Videos.Origin.AddMinutes(i))).ToList();
        await services.StoreAsync(videos);
        // Fresh statistics: the videos table's row count is what the words' shares are taken of.
        await store.ColumnAsync("ANALYZE TABLE video_terms, videos");
        var query = new VideoQuery { Words = ["swiftly", "taylor"], Limit = 20 };
        var (page, statements) = await services.Get<VideoReader>().TraceSearchAsync(query, Cancel);

        var driver = statements.Where(s => s.Label.StartsWith("search driver rows", StringComparison.Ordinal)).ToList();
        Assert.Equal("taylor", Assert.Single(driver).Parameters["@d0"]);
        Assert.DoesNotContain($"LIMIT {VideoReader.SearchWalkBudget}", driver[0].Sql, StringComparison.Ordinal);
        Assert.Equal(Expected(videos, query).Take(20), page.Videos.Select(v => v.VideoId));
        Assert.Equal(Expected(videos, query), (await WalkAllAsync([query]))[0]);
    }

    [Fact]
    public async Task A_word_that_starts_many_terms_is_checked_on_the_text_with_the_same_answers()
    {
        // 27 words starting with "qu" (quaa … quaz, qubit), one or two per video, beside common words; and 65
        // starting with "zz" (zzaa … zzcm), one in each of the first 65 videos.
        var random = new Random(11);
        var videos = Enumerable.Range(0, 300).Select(i => Videos.Make(
            $"qw{i:D6}",
            $"{(random.Next(3) == 0 ? "qua" + (char)('a' + random.Next(26)) : "plain")} {Words[random.Next(Words.Length)]}",
            Videos.Origin.AddMinutes(i / 2),
            (random.Next(5) == 0 ? "qubit notes" : "") + (i <= VideoSearch.MaxLoneExpansion ? $" zz{(char)('a' + (i / 26))}{(char)('a' + (i % 26))}" : ""),
            Channels[i % Channels.Length])).ToList();
        foreach (var batch in videos.Chunk(50))
        {
            await services.Get<VideoWriter>().UpsertAsync(batch, Cancel);
        }

        await services.Get<SearchIndexer>().DrainAsync(Cancel);
        VideoQuery[] queries =
        [
            new() { Words = ["qu"], Limit = 7 },
            new() { Words = ["q", "river"], Limit = 5 },
            new() { Words = ["qu", "plain"], Limit = 9, Order = SortOrder.OldestFirst },
            new() { Words = ["qu"], Limit = 6, ChannelId = "UCtwo" },
            new() { Words = ["quaq"], Limit = 4 },
            new() { Words = ["zz"], Limit = 8 },
            new() { Words = ["zza"], Limit = 5, Order = SortOrder.OldestFirst },
        ];

        // Alone, 65 terms are checked on the text, 27 read from the index; beside another word, 27 are checked on the text.
        foreach (var (query, broad) in new[] { (queries[5], true), (queries[0], false) })
        {
            var (_, statements) = await services.Get<VideoReader>().TraceSearchAsync(query, Cancel);
            Assert.Equal(broad, statements.Any(s => s.Label.Contains("broad words", StringComparison.Ordinal)));
        }

        var quTerms = videos.SelectMany(v => SearchTerms.TextTerms(v.Title, v.Description)).Where(t => t.StartsWith("qu", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(27, quTerms.Count);
        var besidePlain = SearchPlan.Create(queries[2], [quTerms, ["plain"]], [100, 200], 300);
        Assert.Equal(["qu"], besidePlain.BroadWords);

        Assert.Equal(queries.Select(q => Expected(videos, q)).ToList(), await WalkAllAsync(queries));
    }

    private async Task<List<List<string>>> WalkAllAsync(IEnumerable<VideoQuery> queries)
    {
        var results = new List<List<string>>();
        foreach (var query in queries)
        {
            results.Add(await SearchWalk.IdsAsync(services.Get<VideoReader>(), query, Cancel));
        }

        return results;
    }

    [Fact]
    public async Task A_take_resumes_where_the_last_batch_ended_and_a_video_queued_behind_it_is_still_taken()
    {
        var writer = services.Get<VideoWriter>();
        var indexer = services.Get<SearchIndexer>();
        List<VideoRecord> Batch(int batch, string word) => Enumerable.Range(0, SearchIndexer.MaxBatchSize)
            .Select(i => Videos.Make($"resume{batch}{i:D3}", $"{Words[i % Words.Length]} {word}", Videos.Origin.AddMinutes((batch * 1000) + i)))
            .ToList();

        // Changed videos are queued one row each, in the queue's order (new ones are queued in batch rows).
        for (var batch = 0; batch < 3; batch++)
        {
            await writer.UpsertAsync(Batch(batch, "stored"), Cancel);
        }

        await writer.UpsertAsync([Videos.Make("latecomer", "Lantern late", Videos.Origin.AddHours(-1))], Cancel);
        await indexer.DrainAsync(Cancel);

        // Three writes of a full batch each: the queue holds three batches, in order.
        for (var batch = 0; batch < 3; batch++)
        {
            await writer.UpsertAsync(Batch(batch, "queued"), Cancel);
        }

        Assert.Equal(SearchIndexer.MaxBatchSize, await indexer.IndexNextAsync(SearchIndexer.MaxBatchSize, Cancel));

        // A writer whose transaction began before that batch was taken commits after it: its video is queued at the
        // head, behind the place where the batch ended.
        await writer.UpsertAsync([Videos.Make("latecomer", "Lantern later", Videos.Origin.AddHours(-1))], Cancel);
        Assert.Equal(1, await store.ScalarAsync<long>(
            "UPDATE search_backlog SET queued_at = '2000-01-01' WHERE video_id = 'latecomer'; SELECT ROW_COUNT()"));

        // The next take resumes after the batch (it does not walk the head again), so the latecomer waits ...
        Assert.Equal(SearchIndexer.MaxBatchSize, await indexer.IndexNextAsync(SearchIndexer.MaxBatchSize, Cancel));
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog WHERE video_id = 'latecomer'"));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog WHERE video_id LIKE 'resume1%'"));

        // ... but only until a take finds nothing past that place and reads the head: draining leaves nothing queued.
        Assert.Equal(SearchIndexer.MaxBatchSize + 1, await indexer.DrainAsync(Cancel));
        Assert.Equal(0, await indexer.BacklogAsync(Cancel));
        Assert.Equal(["lantern", "later"], (await store.ColumnAsync("SELECT term FROM video_terms WHERE video_id = 'latecomer'")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_server_that_refuses_local_data_gets_the_same_term_rows_as_inserts_with_one_warning()
    {
        var videos = Enumerable.Range(0, 30)
            .Select(i => Videos.Make($"refused{i:D3}", $"{Words[i % Words.Length]} {Words[(i + 3) % Words.Length]} report", Videos.Origin.AddMinutes(i), "Harbor café notes"))
            .ToList();
        await services.Get<VideoWriter>().UpsertAsync(videos, Cancel);

        // local_infile is the server's (global) switch: the tests of this collection run one at a time.
        await SetLocalInfileAsync(false);
        try
        {
            Assert.Equal(20, await services.Get<SearchIndexer>().IndexNextAsync(20, Cancel));
            Assert.Equal(10, await services.Get<SearchIndexer>().DrainAsync(Cancel));
        }
        finally
        {
            await SetLocalInfileAsync(true);
        }

        var expected = videos
            .SelectMany(v => SearchTerms.IndexTerms(v.Title, v.Description).Select(term => $"{term} {v.VideoId}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var stored = await store.ColumnAsync("SELECT CONCAT(term, ' ', video_id) FROM video_terms");
        Assert.Equal(expected, stored.Order(StringComparer.Ordinal).ToList());
        var warnings = services.Get<IEnumerable<Microsoft.Extensions.Logging.ILoggerProvider>>().OfType<TestLogs>().Single().Lines
            .Where(line => line.Contains("refuses LOAD DATA LOCAL", StringComparison.Ordinal))
            .ToList();
        Assert.Single(warnings);
    }

    [Fact]
    public async Task Loaded_term_rows_keep_every_character_of_their_fields()
    {
        await using var connection = new MySqlConnection(SearchIndexer.AllowingLocalInfile(store.MySqlConnectionString));
        await connection.OpenAsync(Cancel);
        await using (var create = new MySqlCommand("CREATE TABLE video_terms_load LIKE video_terms", connection))
        {
            await create.ExecuteNonQueryAsync(Cancel);
        }

        // The load's text separates fields with tabs and rows with newlines, and escapes with a backslash.
        var at = new DateTime(2026, 11, 30, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234560);
        List<(string Term, DateTime PublishedAt, string VideoId)> rows =
        [
            ("café", at, "plain_id-01"),
            ("naïve", at.AddSeconds(1), "back\\slash"),
            ("日本語", at.AddSeconds(2), "tab\tinside"),
            ("x", at.AddSeconds(3), "new\nline"),
            ("\\N", at.AddSeconds(4), "looks-null"),
        ];
        await SearchIndexer.LoadTermRowsAsync(connection, rows, Cancel, "video_terms_load");
        // A row loaded twice is skipped, not an error (LOCAL implies IGNORE), as the INSERT's ON DUPLICATE KEY does.
        await SearchIndexer.LoadTermRowsAsync(connection, rows[..1], Cancel, "video_terms_load");
        // Any other row the server cannot take as it is (here a term longer than the column) fails the load.
        var tooLong = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SearchIndexer.LoadTermRowsAsync(connection, [(new string('t', SearchTerms.MaxTermLength + 1), at, "too-long")], Cancel, "video_terms_load"));
        Assert.Contains("1265", tooLong.Message, StringComparison.Ordinal);

        var read = new List<(string, DateTime, string)>();
        await using (var select = new MySqlCommand("SELECT term, published_at, video_id FROM video_terms_load ORDER BY published_at", connection))
        await using (var reader = await select.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                read.Add((reader.GetString(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), reader.GetString(2)));
            }
        }

        Assert.Equal(rows, read.Where(r => r.Item3 != "too-long").ToList());
    }

    private async Task SetLocalInfileAsync(bool on)
    {
        await using var connection = new MySqlConnection(backend.MySqlServerConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new MySqlCommand($"SET GLOBAL local_infile = {(on ? 1 : 0)}", connection);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static List<string> Expected(List<VideoRecord> videos, VideoQuery query) => new SearchOracle(videos).Expected(query);
}
