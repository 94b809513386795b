package dogdorm.dealer.http;

import dogdorm.common.wire.Job;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.WorkRequest;
import dogdorm.common.wire.WorkResponse;
import dogdorm.dealer.core.Core;
import io.javalin.http.Context;
import java.util.List;

/** {@code POST /api/work} and {@code POST /api/results}: thin; the state core does the work. */
public final class WorkerApi {
    private final Core dealer;
    private final JsonBody body;

    public WorkerApi(Core dealer, JsonBody body) {
        this.dealer = dealer;
        this.body = body;
    }

    public void work(Context ctx) throws InterruptedException {
        WorkRequest req = body.read(ctx, WorkRequest.class);
        List<Job> jobs = dealer.work(req, ctx.ip());
        ctx.json(new WorkResponse(jobs));
    }

    public void results(Context ctx) {
        ResultBatch batch = body.read(ctx, ResultBatch.class);
        ctx.json(dealer.results(batch));
    }
}
