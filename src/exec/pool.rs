//! The worker pool: distributes jobs over warm workers, owns the outer deadlines,
//! caches results by content.

use super::job::{Job, JobResult, Status};
use super::sandbox::{resolve_python, Isolation, SandboxConfig, SandboxInfo, Worker};
use super::ExecError;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Grace the worker gets past a job's own deadline before the pool kills it.
const GRACE: Duration = Duration::from_secs(5);

pub struct Pool {
    python: PathBuf,
    isolation: Isolation,
    preload: Vec<String>,
    workers: usize,
    cache: Mutex<HashMap<u64, JobResult>>,
    use_cache: bool,
    info: Mutex<Option<SandboxInfo>>,
    /// Workers kept between runs (a sandboxed interpreter takes a few hundred milliseconds to
    /// start; multi-phase commands run the pool many times).
    idle: Mutex<Vec<Worker>>,
}

impl Pool {
    pub fn new(config: &SandboxConfig, workers: usize) -> Result<Pool, ExecError> {
        let python = resolve_python(&config.python)?;
        Ok(Pool {
            python,
            isolation: config.isolation,
            preload: config.preload.clone(),
            workers: workers.max(1),
            cache: Mutex::new(HashMap::new()),
            use_cache: true,
            info: Mutex::new(None),
            idle: Mutex::new(vec![]),
        })
    }

    /// Disable the content-hash cache (every job runs even when identical).
    pub fn without_cache(mut self) -> Pool {
        self.use_cache = false;
        self
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    /// What the workers reported about their sandbox (after the first run).
    pub fn sandbox_info(&self) -> Option<SandboxInfo> {
        self.info.lock().expect("info lock").clone()
    }

    /// The interpreter the workers run.
    pub fn python(&self) -> &PathBuf {
        &self.python
    }

    /// Run all jobs; results come back in the order of `jobs`. `on_done` is called once per
    /// finished job (from worker threads) with its index.
    pub fn run<F>(&self, jobs: &[Job], on_done: F) -> Result<Vec<JobResult>, ExecError>
    where
        F: Fn(usize, &JobResult) + Sync,
    {
        let n = jobs.len();
        let mut results: Vec<Option<JobResult>> = vec![None; n];
        let mut todo: Vec<usize> = Vec::with_capacity(n);
        let mut keys = Vec::with_capacity(n);
        let mut first_of: HashMap<u64, usize> = HashMap::new();
        let mut dup_of: Vec<Option<usize>> = vec![None; n];
        {
            let cache = self.cache.lock().expect("cache lock");
            for (i, job) in jobs.iter().enumerate() {
                let key = job_key(job);
                keys.push(key);
                if self.use_cache {
                    if let Some(r) = cache.get(&key) {
                        on_done(i, r);
                        results[i] = Some(r.clone());
                        continue;
                    }
                    if let Some(&j) = first_of.get(&key) {
                        dup_of[i] = Some(j);
                        continue;
                    }
                    first_of.insert(key, i);
                }
                todo.push(i);
            }
        }
        // Longest (largest timeout) first so workers finish together.
        todo.sort_by(|a, b| jobs[*b].timeout.total_cmp(&jobs[*a].timeout).then(a.cmp(b)));
        let next = AtomicUsize::new(0);
        let slots: Vec<Mutex<Option<JobResult>>> = (0..n).map(|_| Mutex::new(None)).collect();
        let n_workers = self.workers.min(todo.len()).max(1);
        let first_error: Mutex<Option<ExecError>> = Mutex::new(None);
        if !todo.is_empty() {
            std::thread::scope(|s| {
                for _ in 0..n_workers {
                    s.spawn(|| {
                        let kept = self.idle.lock().expect("idle lock").pop();
                        let mut worker = match kept.map(Ok).unwrap_or_else(|| self.spawn_worker()) {
                            Ok(w) => w,
                            Err(e) => {
                                first_error.lock().expect("err lock").get_or_insert(e);
                                return;
                            }
                        };
                        loop {
                            let k = next.fetch_add(1, Ordering::SeqCst);
                            if k >= todo.len() {
                                break;
                            }
                            let i = todo[k];
                            let r = self.run_one(&mut worker, &jobs[i]);
                            on_done(i, &r);
                            *slots[i].lock().expect("slot lock") = Some(r);
                        }
                        self.idle.lock().expect("idle lock").push(worker);
                    });
                }
            });
        }
        if let Some(e) = first_error.into_inner().expect("err lock") {
            if slots.iter().all(|s| s.lock().expect("slot").is_none()) {
                return Err(e);
            }
        }
        for (i, slot) in slots.into_iter().enumerate() {
            if let Some(r) = slot.into_inner().expect("slot lock") {
                results[i] = Some(r);
            }
        }
        let mut cache = self.cache.lock().expect("cache lock");
        for i in 0..n {
            if let Some(j) = dup_of[i] {
                let r = results[j]
                    .clone()
                    .unwrap_or_else(|| JobResult::infra("not run"));
                on_done(i, &r);
                results[i] = Some(r);
            }
            match &results[i] {
                Some(r) if self.use_cache && r.status != Status::Infra => {
                    cache.insert(keys[i], r.clone());
                }
                _ => {}
            }
        }
        Ok(results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| JobResult::infra("not run")))
            .collect())
    }

    /// Like [`Pool::run`], but runs up to `size` consecutive jobs in one sandboxed child each
    /// (saving a fork, an exit and a round trip per program). For trusted, high-volume work:
    /// programs of one batch share a process (each gets a fresh namespace, restored modules and
    /// its own limits). A batch that dies as a whole is re-run one job per child.
    pub fn run_batched<F>(
        &self,
        jobs: &[Job],
        size: usize,
        on_done: F,
    ) -> Result<Vec<JobResult>, ExecError>
    where
        F: Fn(usize, &JobResult) + Sync,
    {
        let size = size.max(1);
        if size == 1 {
            return self.run(jobs, on_done);
        }
        let starts: Vec<usize> = (0..jobs.len()).step_by(size).collect();
        let batches: Vec<Job> = starts
            .iter()
            .map(|&s| {
                let chunk = &jobs[s..(s + size).min(jobs.len())];
                let mut b = Job::new(String::new());
                b.timeout = chunk.iter().map(|j| j.timeout).sum();
                b.mem_mb = chunk
                    .iter()
                    .map(|j| j.mem_mb)
                    .max()
                    .unwrap_or(super::DEFAULT_MEM_MB);
                b.batch = Some(chunk.to_vec());
                b
            })
            .collect();
        let results = self.run(&batches, |bi, r| {
            if let Some(subs) = &r.batch {
                for (k, sub) in subs.iter().enumerate() {
                    on_done(starts[bi] + k, sub);
                }
            }
        })?;
        let mut out: Vec<Option<JobResult>> = vec![None; jobs.len()];
        let mut retry = vec![];
        for (bi, r) in results.into_iter().enumerate() {
            let n = (starts[bi] + size).min(jobs.len()) - starts[bi];
            match r.batch {
                Some(subs) if subs.len() == n => {
                    for (k, sub) in subs.into_iter().enumerate() {
                        out[starts[bi] + k] = Some(sub);
                    }
                }
                _ => retry.extend(starts[bi]..starts[bi] + n),
            }
        }
        if !retry.is_empty() {
            let again: Vec<Job> = retry.iter().map(|&i| jobs[i].clone()).collect();
            let rs = self.run(&again, |k, r| on_done(retry[k], r))?;
            for (k, r) in rs.into_iter().enumerate() {
                out[retry[k]] = Some(r);
            }
        }
        Ok(out
            .into_iter()
            .map(|r| r.unwrap_or_else(|| JobResult::infra("not run")))
            .collect())
    }

    fn spawn_worker(&self) -> Result<Worker, ExecError> {
        let w = Worker::spawn(&self.python, self.isolation, &self.preload)?;
        let mut info = self.info.lock().expect("info lock");
        if info.is_none() {
            *info = Some(w.info.clone());
        }
        Ok(w)
    }

    /// One job on one worker, with the outer watchdog; a worker that misses its deadline
    /// or dies is killed (whole process group) and replaced, and the job retried once.
    fn run_one(&self, worker: &mut Worker, job: &Job) -> JobResult {
        let line = match serde_json::to_string(job) {
            Ok(l) => l,
            Err(e) => return JobResult::infra(format!("cannot encode job: {e}")),
        };
        // The worker enforces the wall-clock deadline itself; past it plus a grace period the
        // worker is considered stuck.
        let deadline = Duration::from_secs_f64(super::job::wall_limit(job.timeout)) + GRACE;
        for attempt in 0..2 {
            let sent = worker.send(&line);
            let reply = if sent.is_ok() {
                worker.recv(deadline)
            } else {
                None
            };
            match reply.map(|r| serde_json::from_str::<JobResult>(&r)) {
                Some(Ok(r)) => return r,
                Some(Err(e)) => {
                    return JobResult::infra(format!("unreadable worker reply: {e}"));
                }
                None => {
                    // Watchdog: the worker is stuck or dead.
                    worker.kill();
                    match self.spawn_worker() {
                        Ok(w) => *worker = w,
                        Err(e) => return JobResult::infra(format!("worker restart failed: {e}")),
                    }
                    if attempt == 1 {
                        let mut r = JobResult::infra(
                            "the worker died or stopped answering while running this program",
                        );
                        r.status = Status::Error;
                        return r;
                    }
                }
            }
        }
        JobResult::infra("unreachable")
    }
}

fn job_key(job: &Job) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(job).unwrap_or_default().hash(&mut h);
    h.finish()
}
