/**
 * Training: the {@link dev.descent.train.Trainer} loop, its {@link dev.descent.train.Callback}s
 * ({@link dev.descent.train.ProgressBar}, {@link dev.descent.train.DivergenceGuard}, {@link
 * dev.descent.train.EarlyStopping}, {@link dev.descent.train.CheckpointSaver}), metrics ({@link
 * dev.descent.train.MetricsLog}, {@link dev.descent.train.Evaluation}), learning-rate schedules
 * ({@link dev.descent.train.Schedule}) and checkpoints ({@link dev.descent.train.Checkpoint}).
 *
 * <h2>The output folder of a run</h2>
 * <pre>
 * OUT/
 *   metrics.csv              one row every N steps and one per epoch (see {@link dev.descent.train.MetricsLog})
 *   metrics.jsonl            the same rows as JSON objects, one per line
 *   checkpoints/
 *     latest                 text: the name of the newest checkpoint folder, e.g. "step-2345"
 *     step-&lt;N&gt;/              one checkpoint after N optimizer steps
 *       model.safetensors
 *       optimizer.safetensors
 *       trainer.json
 * </pre>
 * ({@code descent train} adds {@code loss.png}, {@code accuracy.png}, {@code report.html} and
 * {@code summary.json}.)
 *
 * <h2>Checkpoint layout (a contract: {@code descent surface} and {@code descent hessian} read it)</h2>
 * <p><b>{@code model.safetensors}</b> holds the model's state dict, parameters and buffers (batch-norm
 * running statistics) under their dotted module names ({@code layers.0.weight}), float32 or float64
 * as trained. Its {@code __metadata__} (all values are strings):
 * <table>
 *   <caption>model metadata</caption>
 *   <tr><td>{@code descent.version}</td><td>{@link dev.descent.Version#VERSION}, e.g. {@code 0.1.0-SNAPSHOT}</td></tr>
 *   <tr><td>{@code model}</td><td>the {@link dev.descent.nn.zoo.ModelZoo} name, e.g. {@code mlp-256},
 *       {@code lenet} (absent for a module built by hand)</td></tr>
 *   <tr><td>{@code input_shape}</td><td>shape of one example, comma-separated: {@code 1,28,28}</td></tr>
 *   <tr><td>{@code classes}</td><td>number of classes: {@code 10}</td></tr>
 *   <tr><td>{@code dtype}</td><td>{@code float32} or {@code float64}</td></tr>
 *   <tr><td>{@code seed}</td><td>the run's seed (the zoo model is built from {@code new Generator(seed)})</td></tr>
 *   <tr><td>{@code step}</td><td>optimizer steps taken</td></tr>
 *   <tr><td>{@code epoch}</td><td>epochs completed</td></tr>
 *   <tr><td>{@code data}</td><td>the data set: {@code fashion-mnist}, {@code spirals}, or a path</td></tr>
 *   <tr><td>{@code hyperparameters}</td><td>a JSON object string of the run's settings, e.g.
 *       {@code {"optimizer":"adam","lr":"0.001","batch_size":"128","epochs":"5",...}}</td></tr>
 * </table>
 * So a reader needs only {@code SafeTensors.read} and {@code ModelZoo.create(model, input_shape,
 * classes, dtype, new Generator(seed))} followed by {@code loadStateDict(tensors, true)}; {@link
 * dev.descent.train.Checkpoint#load(java.nio.file.Path)} and {@link
 * dev.descent.train.Checkpoint#model()} do exactly that.
 *
 * <p><b>{@code optimizer.safetensors}</b> holds the optimizer's state tensors as {@code <param
 * name>/<state key>} ({@code layers.0.weight/exp_avg}) and everything else (algorithm, step count,
 * parameter groups with hyperparameters, per-parameter step counts and scalars) in its metadata;
 * see {@link dev.descent.train.OptimizerCheckpoint}. Restoring it is exact.
 *
 * <p><b>{@code trainer.json}</b> is the trainer's state, {@code "format": "descent.trainer/1"}:
 * {@code epoch} (completed epochs, the epoch in progress), {@code batch} (index of the next batch
 * within that epoch), {@code step}, {@code samples}, {@code seconds}, {@code epochs}, {@code
 * steps_per_epoch}, {@code loader} (seed, batch size, number of examples, position: the loader's
 * batches are a function of seed, epoch and batch, so this is its whole state), {@code generators}
 * (states of the dropout and other registered generators, {@code [state, spare normal bits,
 * has spare]} each), {@code schedule} (name, per step or per epoch, how many times it stepped, the
 * current lr), the running sums of the current metrics window and epoch, the last finite loss, the
 * callbacks' state ({@code early_stopping}) and {@code metrics}, every metrics row so far. Doubles are
 * written in shortest round-trip form (NaN, ±∞ and −0 as strings), so they read back exactly.
 *
 * <p><b>Atomicity.</b> A checkpoint is written into a hidden temporary folder
 * ({@code checkpoints/.step-N.tmp-*}), each file flushed to disk, and the folder renamed to {@code
 * step-N} in one atomic move; only then is {@code latest} rewritten (itself atomically). A crash or
 * an error at any point leaves the previous checkpoints and {@code latest} intact, and the failed
 * attempt's temporary folder is deleted (or, after a crash, removed when the next run starts).
 * {@link dev.descent.train.Checkpoint#locate} falls back to the highest {@code step-N} when {@code
 * latest} is missing.
 *
 * <h2>Exact resume</h2>
 * {@link dev.descent.train.Trainer#resume(java.nio.file.Path)} followed by {@code fit()} continues a
 * run so that the final weights equal, bit for bit, those of the run that was never interrupted —
 * with shuffling, dropout and a learning-rate schedule active, in the same process or another one:
 * every kernel gives the same bits whatever the thread count and the JIT's state. (The one exception
 * is opt-in: {@code -Ddescent.fastmath=true} lets transcendentals use the vector math library, whose
 * results can change by an ulp once the JIT compiles a kernel; an exact resume needs it off.)
 */
package dev.descent.train;
