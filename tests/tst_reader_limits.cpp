// Hostile weight files too large to keep as fuzz seeds (fuzz/corpus/ holds the small ones):
// each is built here in memory and must be refused with a WeightsError, not crash.
// LibTorch before Qt: its headers use the identifier `slots`.
#include "state_dict_internal.h"

#include <sys/stat.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <string>

#include "binary_file.h"
#include "densenet.h"
#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/teach.h"
#include "fixtures.h"
#include "memory_probe.h"
#include "pickle_reader.h"
#include "weights.h"

class TestReaderLimits : public QObject {
    Q_OBJECT
private slots:
    void nestedParametersAreRefused_data();
    void nestedParametersAreRefused();
    void nestedWrappersStop();
    void hugeSharedPrefixIsCheap();
    void hostileSafetensorsHeadersAreCheap_data();
    void hostileSafetensorsHeadersAreCheap();
    void hostileLabelFilesAreCheap_data();
    void hostileLabelFilesAreCheap();

private:
    QTemporaryDir m_tmp;
};

namespace {

// OrderedDict {'w': Parameter(Parameter(...(tensor)...))}, `depth` parameters deep, as the
// object pickle of a zip torch.save file (data.pkl). Each level costs 3 bytes: the memoized
// global pushed first, then TUPLE1 + REDUCE around what is on the stack.
std::string nestedParameters(int depth) {
    using namespace std::string_literals;
    const std::string tensor =
        "ctorch._utils\n_rebuild_tensor_v2\n("s                    // callable, MARK
        "(X\x07\0\0\0storagectorch\nFloatStorage\nX\x02\0\0\0k0"s  // persistent id ...
        "X\x03\0\0\0cpuK\x02tQ"s                                   // ... numel 2
        "K\0(K\x02t(K\x01t\x89NtR"s;  // offset 0, size (2,), stride (1,), False, None
    std::string p =
        "\x80\x02"
        "ccollections\nOrderedDict\n)R(X\x01\0\0\0w"s;
    p += "ctorch._utils\n_rebuild_parameter\nq\x01"s;
    for (int i = 1; i < depth; ++i) p += "h\x01";
    p += tensor;
    for (int i = 0; i < depth; ++i) p += "\x85R";
    return p + "u.";
}

}  // namespace

void TestReaderLimits::nestedParametersAreRefused_data() {
    QTest::addColumn<int>("depth");
    QTest::addColumn<bool>("valid");
    QTest::newRow("a parameter (what torch.save writes)") << 1 << true;
    QTest::newRow("a parameter of a parameter") << 2 << false;
    // 300 KB: overflowed an 8 MB stack before nesting was refused.
    QTest::newRow("100000 deep") << 100000 << false;
}

void TestReaderLimits::nestedParametersAreRefused() {
    QFETCH(int, depth);
    QFETCH(bool, valid);
    const std::string bytes = nestedParameters(depth);
    const std::string source = "'nested.pth' (archive/data.pkl)";
    ds::MemoryReader reader(bytes.data(), bytes.size(), source);
    ds::pickle::Unpickler unpickler(reader, source);
    const ds::pickle::Value& root = unpickler.load();
    if (valid) {
        const auto dict = ds::detail::interpretStateDict(root, source);
        QCOMPARE(dict.tensors.size(), size_t(1));
        QCOMPARE(dict.tensors[0].size, std::vector<int64_t>{2});
        return;
    }
    try {
        ds::detail::interpretStateDict(root, source);
        QFAIL("nested parameters were accepted");
    } catch (const ds::WeightsError& e) {
        QVERIFY2(
            std::string(e.what()).find("parameter wrapped in a parameter") != std::string::npos,
            e.what());
    }
}

// {'state_dict': {'state_dict': ... 100000 deep}}: the search for the state dict follows at most
// four wrappers, then reads that dict as the state dict (and refuses its dict entry).
void TestReaderLimits::nestedWrappersStop() {
    using namespace std::string_literals;
    std::string p = "\x80\x02"s;
    const int depth = 100000;
    for (int i = 0; i < depth; ++i) p += "}X\x0a\0\0\0state_dict"s;
    p += "}"s + std::string(depth, 's') + "."s;
    const std::string source = "'wrapped.pth' (archive/data.pkl)";
    ds::MemoryReader reader(p.data(), p.size(), source);
    ds::pickle::Unpickler unpickler(reader, source);
    try {
        ds::detail::interpretStateDict(unpickler.load(), source);
        QFAIL("accepted");
    } catch (const ds::WeightsError& e) {
        QVERIFY2(std::string(e.what()).find("entry 'state_dict' is a dict, not a tensor") !=
                     std::string::npos,
                 e.what());
    }
}

// Keys sharing a prefix of 10000 dotted components: only the first few are tried as the
// prefix to strip, and no regular expression sees a key that long (libstdc++'s recurses).
void TestReaderLimits::hugeSharedPrefixIsCheap() {
    ds::DenseNetConfig config = ds::DenseNetConfig::variant("densenet121");
    config.name = "custom";
    config.growthRate = 4;
    config.blockConfig = {1, 1};
    config.initFeatures = 8;
    config.bnSize = 1;
    ds::DenseNet net(config);
    std::string prefix;
    for (int i = 0; i < 10000; ++i) prefix += "a.";
    ds::StateDict dict;
    const torch::Tensor t = torch::zeros({1});
    for (int i = 0; i < 1000; ++i)
        dict.emplace_back(prefix + "denselayer1.norm.1.weight" + std::to_string(i), t);
    try {
        ds::loadStateDict(*net, dict, "huge.pth");
        QFAIL("accepted");
    } catch (const ds::WeightsError& e) {
        QVERIFY2(std::string(e.what()).find("1000 unexpected keys") != std::string::npos,
                 std::string(e.what()).substr(0, 300).c_str());
    }
}

namespace {

// A .safetensors file whose header is prefix + `count` times `unit` + suffix, followed by 64
// bytes of data, written in pieces (the test's own memory stays small).
void writeHeader(const QString& path, const QByteArray& prefix, const QByteArray& unit, int count,
                 const QByteArray& suffix) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    const quint64 length =
        quint64(prefix.size()) + quint64(unit.size()) * quint64(count) + quint64(suffix.size());
    QByteArray lengthBytes(8, '\0');
    for (int i = 0; i < 8; ++i) lengthBytes[i] = char((length >> (8 * i)) & 0xff);
    f.write(lengthBytes + prefix);
    const int perChunk = std::max(1, (1 << 20) / int(std::max<qsizetype>(unit.size(), 1)));
    const QByteArray chunk = unit.repeated(perChunk);
    for (int done = 0; done < count; done += perChunk)
        f.write(done + perChunk <= count ? chunk : unit.repeated(count - done));
    f.write(suffix + QByteArray(64, '\0'));
    QVERIFY(f.flush());
}

}  // namespace

void TestReaderLimits::hostileSafetensorsHeadersAreCheap_data() {
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<QByteArray>("unit");
    QTest::addColumn<int>("count");
    QTest::addColumn<QByteArray>("suffix");
    QTest::addColumn<QString>("weightsSay");  // through --weights (readStateDict)
    QTest::addColumn<QString>("headSays");    // through --head (loadHead)
    const QByteArray tensor = R"("w":{"dtype":"F32","shape":[1],"data_offsets":[0,4])";
    const QString tooMany = "more than 1000000 JSON values";
    const int n = 8 << 20;  // 16 MB of "0,": 1 GB and seconds through a JSON tree
    QTest::newRow("a 16 MB array in a tensor entry")
        << "{" + tensor + R"(,"x":[)" << QByteArray("0,") << n << QByteArray("0]}}") << tooMany
        << tooMany;
    QTest::newRow("a 16 MB shape")
        << QByteArray(R"({"w":{"dtype":"F32","shape":[)") << QByteArray("1,") << n
        << QByteArray(R"(1],"data_offsets":[0,4]}})") << "more than 16 dimensions"
        << "more than 16 dimensions";
    QTest::newRow("a 16 MB array as the header")
        << QByteArray("[") << QByteArray("0,") << n << QByteArray("0]")
        << "not a weights file"  // readStateDict tells formats apart by a '{' there
        << "not a JSON object";
    QTest::newRow("a 16 MB array in the metadata")
        << QByteArray(R"({"__metadata__":{"classes":[)") << QByteArray("0,") << n
        << "0]}," + tensor + "}}" << tooMany << "'classes' is not a string";
    QTest::newRow("16 MB of nesting") << "{" + tensor + R"(,"x":)" << QByteArray("[") << (16 << 20)
                                      << QByteArray() << "nesting too deep"
                                      << "nesting too deep";
    // Escaped inside a metadata string, so only the head's reader parses it: 3.4 million
    // empty names.
    QTest::newRow("a class list of 16 MB")
        << QByteArray(R"({"__metadata__":{"format":"densescope.linear_head.v1","classes":"[)")
        << QByteArray(R"(\"\",)") << (16 << 20) / 5 << R"(\"\"]"},)" + tensor + "}}" << QString()
        << "more than 100000 names";
}

// Headers that held a JSON tree 60 times their size (a 99 MB header: 6.6 GB, 20 s) are refused
// while they are read, quickly, with next to no memory.
void TestReaderLimits::hostileSafetensorsHeadersAreCheap() {
    QFETCH(QByteArray, prefix);
    QFETCH(QByteArray, unit);
    QFETCH(int, count);
    QFETCH(QByteArray, suffix);
    QFETCH(QString, weightsSay);
    QFETCH(QString, headSays);
    const QString path = m_tmp.filePath("hostile.safetensors");
    writeHeader(path, prefix, unit, count, suffix);
    for (const bool head : {false, true}) {
        const QString& says = head ? headSays : weightsSay;
        if (says.isEmpty()) continue;
        QElapsedTimer timer;
        timer.start();
        const memprobe::PeakGrowth memory;
        try {
            if (head)
                ds::loadHead(path.toStdString());
            else
                ds::readStateDict(path.toStdString());
            QFAIL("a hostile header was accepted");
        } catch (const ds::WeightsError& e) {
            QVERIFY2(QString(e.what()).contains(says), e.what());
        }
        const qint64 ms = timer.elapsed(), mb = memory.mb();
        qInfo("%s: %lld ms, peak +%lld MB", head ? "--head" : "--weights", ms, mb);
        QVERIFY2(mb < (fixtures::sanitized() ? 128 : 48), qPrintable(QString::number(mb) + " MB"));
        QVERIFY2(ms < (fixtures::sanitized() ? 10000 : 2000),
                 qPrintable(QString::number(ms) + " ms"));
    }
}

void TestReaderLimits::hostileLabelFilesAreCheap_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("says");
    // 8 million labels: 256 MB of strings from 16 MB, kept before they were counted.
    QTest::newRow("16 MB of labels") << "lines"
                                     << "more than any model has classes (100000)";
    QTest::newRow("16 MB of blank lines between two labels") << "blank"
                                                             << "more than any model has classes";
    QTest::newRow("a FIFO") << "fifo"
                            << "is a pipe (FIFO), not a regular file";  // blocked forever
    QTest::newRow("a folder") << "folder"
                              << "is a folder, not a regular file";
}

// --labels and the window's Labels… name a file by path: whatever is there is refused quickly,
// without keeping more than the file's bytes.
void TestReaderLimits::hostileLabelFilesAreCheap() {
    QFETCH(QString, kind);
    QFETCH(QString, says);
    const QString path = m_tmp.filePath("labels-" + kind);
    if (kind == "fifo") QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    if (kind == "folder") QVERIFY(QDir().mkpath(path));
    if (kind == "lines" || kind == "blank") {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kind == "lines" ? QByteArray("a\n").repeated(8 << 20)
                                : "a" + QByteArray((16 << 20) - 2, '\n') + "b");
    }
    QElapsedTimer timer;
    timer.start();
    const memprobe::PeakGrowth memory;
    try {
        ds::readLabels(path.toStdString());
        QFAIL("a hostile labels file was accepted");
    } catch (const ds::ConfigError& e) {
        QVERIFY2(QString(e.what()).contains(says), e.what());
    }
    const qint64 ms = timer.elapsed(), mb = memory.mb();
    QVERIFY2(mb < (fixtures::sanitized() ? 128 : 48), qPrintable(QString::number(mb) + " MB"));
    QVERIFY2(ms < (fixtures::sanitized() ? 10000 : 2000), qPrintable(QString::number(ms) + " ms"));
}

QTEST_GUILESS_MAIN(TestReaderLimits)
#include "tst_reader_limits.moc"
