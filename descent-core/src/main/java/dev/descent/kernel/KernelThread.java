package dev.descent.kernel;

/**
 * A daemon thread owned by the kernel package. Parallel calls made from one run inline: pool
 * workers must not wait on the pool, and background work must not take it from the user.
 */
class KernelThread extends Thread {

    KernelThread(Runnable task, String name) {
        super(task, name);
        setDaemon(true);
    }

    KernelThread(String name) {
        super(name);
        setDaemon(true);
    }

    /** @return true on a kernel thread, where parallel calls run inline */
    static boolean current() {
        return Thread.currentThread() instanceof KernelThread;
    }
}
