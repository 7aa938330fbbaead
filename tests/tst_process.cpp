// ds::configureProcess (densescope/process.h): the process-wide settings that the programs'
// main()s make and the engine no longer makes. This program exports a stand-in for OpenBLAS's
// openblas_set_num_threads (ENABLE_EXPORTS in tests/CMakeLists.txt), which dlsym finds before
// the real one, and which behaves as OpenMP builds of OpenBLAS do: it sets OpenMP's thread
// count for the calling thread, and so LibTorch's.
#include <dlfcn.h>

#include <torch/torch.h>  // before Qt: Qt's "slots" macro breaks LibTorch's headers

#include <QtTest>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/process.h"

namespace {
int g_blasCalls = 0;
int g_blasThreads = -1;
}  // namespace

extern "C" __attribute__((visibility("default"))) void openblas_set_num_threads(int n) {
    ++g_blasCalls;
    g_blasThreads = n;
    using SetOmp = void (*)(int);
    if (auto setOmp = reinterpret_cast<SetOmp>(dlsym(RTLD_DEFAULT, "omp_set_num_threads")))
        setOmp(n);
}

class TestProcess : public QObject {
    Q_OBJECT
private slots:
    void threadsAreSetAndCapped() {
        const int cores = ds::availableCores();
        ds::ProcessOptions options;
        options.threads = 1;
        auto s = ds::configureProcess(options);
        QCOMPARE(s.threads, 1);
        QCOMPARE(torch::get_num_threads(), 1);
        QVERIFY(s.notes.empty());

        options.threads = 1000;
        s = ds::configureProcess(options);
        QCOMPARE(s.cores, cores);
        QCOMPARE(s.threads, cores);
        QCOMPARE(torch::get_num_threads(), cores);
        // The first note; the second is the stand-in OpenBLAS's (the next test).
        QVERIFY(!s.notes.empty());
        QVERIFY(QString::fromStdString(s.notes[0]).contains("1000 threads were asked for"));
        QCOMPARE(ds::processSettings().threads, cores);
    }

    // The stand-in above sets OpenMP's threads to 1, as an OpenMP OpenBLAS does: LibTorch's
    // count is put back, and the note says so. (Before configureProcess, the engine called
    // openblas_set_num_threads(1) after torch::set_num_threads and left LibTorch at 1.)
    void openBlasCannotChangeLibTorchsThreads() {
        if (ds::availableCores() < 2) QSKIP("needs 2 cores to tell 1 thread from the count asked for");
        g_blasCalls = 0;
        ds::ProcessOptions options;
        options.threads = 2;
        const auto s = ds::configureProcess(options);
        QCOMPARE(g_blasCalls, 1);
        QCOMPARE(g_blasThreads, 1);
        QVERIFY(s.blasSingleThreaded);
        QCOMPARE(s.threads, 2);
        QCOMPARE(torch::get_num_threads(), 2);
        QCOMPARE(int(s.notes.size()), 1);
        QVERIFY2(QString::fromStdString(s.notes[0]).contains("OpenBLAS changed LibTorch's threads from 2 to 1"),
                 s.notes[0].c_str());
    }

    // The engine leaves the process alone: it neither sets LibTorch's threads nor calls
    // OpenBLAS (it did both in its constructor before).
    void engineChangesNoProcessSetting() {
        if (ds::availableCores() < 2) QSKIP("needs 2 cores to see a changed thread count");
        ds::ProcessOptions options;
        options.threads = 1;
        ds::configureProcess(options);
        g_blasCalls = 0;
        ds::EngineOptions engineOptions;
        engineOptions.device = ds::DeviceKind::Cpu;
        ds::Engine engine(engineOptions);
        ds::DenseNetConfig small;
        small.name = "custom";
        small.growthRate = 4;
        small.blockConfig = {1, 1};
        small.initFeatures = 8;
        engine.load(small, "random:1");
        engine.classifyTensor(std::vector<float>(3 * 32 * 32, 0.5f), 32, 32, 1);
        QCOMPARE(torch::get_num_threads(), 1);
        QCOMPARE(engine.threads(), 1);
        QCOMPARE(g_blasCalls, 0);
        QCOMPARE(QString::fromStdString(engine.deviceDescription()), QStringLiteral("CPU, 1 thread"));
    }
};

QTEST_GUILESS_MAIN(TestProcess)
#include "tst_process.moc"
