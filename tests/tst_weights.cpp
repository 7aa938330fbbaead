// Weight files: the three formats against torchvision's tensors, Python 2 legacy files, dtype
// conversion, hostile and damaged files refused quickly. Fixtures: tests/oracle/make_fixtures.py
// and tests/oracle/make_weight_files.py (run by CTest before this test).
#include "weights_test_util.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "binary_file.h"
#include "crc32.h"

using namespace weights_test;

class TestWeights : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    // First, so that the peak-RSS check is not masked by later full-size loads.
    void badFiles_data();
    void badFiles();
    void hostilePickles_data();
    void hostilePickles();
    void corruptedBytes_data();
    void corruptedBytes();
    void formatsAgree_data();
    void formatsAgree();
    void python2Legacy();
    void dtypesConverted_data();
    void dtypesConverted();
    void crc32KnownValues();
    void notRegularFiles();
    void fileShortenedWhileRead();
    void rewrittenWhileRead();
};

void TestWeights::initTestCase() {
    QVERIFY2(QFileInfo::exists(fixture("tiny.pth")), "run through ctest: fixtures missing");
    QVERIFY2(QFileInfo::exists(fixture("weights/py2.legacy.pth")),
             "run through ctest: weight fixtures missing");
    torch::set_num_threads(2);
}

void TestWeights::badFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("fact");
    QTest::newRow("zip cut in half") << "bad_zip_half.pth"
                                     << "truncated";
    QTest::newRow("zip without its end") << "bad_zip_tail.pth"
                                         << "truncated";
    QTest::newRow("legacy data cut") << "bad_legacy_data.pth"
                                     << "truncated";
    QTest::newRow("legacy pickle cut") << "bad_legacy_pickle.pth"
                                       << "truncated";
    QTest::newRow("safetensors data cut") << "bad_st_data.safetensors"
                                          << "truncated";
    QTest::newRow("safetensors header cut") << "bad_st_header.safetensors"
                                            << "truncated";
    QTest::newRow("zip tensor bit flipped") << "bad_zip_flip.pth"
                                            << "fails its CRC-32 checksum";
    QTest::newRow("deflated zip") << "bad_deflated.pth"
                                  << "compressed";
    QTest::newRow("garbage") << "bad_garbage.bin"
                             << "not a weights file";
    QTest::newRow("garbage pickle") << "bad_garbage_pickle.pth"
                                    << "";
    QTest::newRow("empty") << "bad_empty.pth"
                           << "is empty";
    QTest::newRow("list, not a dict") << "bad_not_a_dict.pth"
                                      << "not a state dict";
    QTest::newRow("plain pickle") << "bad_plain_pickle.pkl"
                                  << "not a torch.save file";
    QTest::newRow("st header 2^60") << "bad_st_huge_header.safetensors"
                                    << "claims 1152921504606846976 bytes";
    QTest::newRow("st offsets outside") << "bad_st_offsets.safetensors"
                                        << "outside the file";
    QTest::newRow("st span vs shape") << "bad_st_span.safetensors"
                                      << "needs 16";
    QTest::newRow("st huge shape") << "bad_st_huge_shape.safetensors"
                                   << "[1099511627776, 1099511627776]";
    QTest::newRow("st dtype") << "bad_st_dtype.safetensors"
                              << "'C64'";
    QTest::newRow("st json nesting") << "bad_st_json.safetensors"
                                     << "nesting too deep";
    QTest::newRow("string of 4 GiB") << "bad_huge_string.pth"
                                     << "claims 4294967280 bytes";
    QTest::newRow("string of 2^60") << "bad_huge_string8.pth"
                                    << "claims 1152921504606846976 bytes";
    QTest::newRow("frame of 2^62") << "bad_huge_frame.pth"
                                   << "frame longer";
    QTest::newRow("memo index") << "bad_memo.pth"
                                << "memo index 77";
    QTest::newRow("deep nesting") << "bad_deep.pth"
                                  << "nesting deeper";
    QTest::newRow("stack underflow") << "bad_underflow.pth"
                                     << "stack underflow";
    QTest::newRow("storage of 2^60") << "bad_huge_storage.pth"
                                     << "truncated";
    QTest::newRow("view outside storage") << "bad_view.pth"
                                          << "does not fit in its storage of 50";
    QTest::newRow("storage count") << "bad_count.pth"
                                   << "holds 49 elements";
    QTest::newRow("no such file") << "no_such_file.pth"
                                  << "Cannot open";
}

void TestWeights::badFiles() {
    QFETCH(QString, file);
    QFETCH(QString, fact);
    const long rssBefore = maxRssKb();
    // A hang would be caught by CTest's timeout; no wall-clock assert on a shared machine.
    const QString msg = errorOf([&] { ds::readStateDict(weightFile(file)); });
    QVERIFY2(!msg.isEmpty() && !msg.startsWith("not a WeightsError"),
             qPrintable("no WeightsError: " + msg));
    QVERIFY2(msg.contains(fact), qPrintable(msg));
    QVERIFY2(msg.contains(file), qPrintable("message does not name the file: " + msg));
    QVERIFY2(maxRssKb() - rssBefore < 100 * 1024,
             qPrintable(QString("peak RSS grew by %1 kB").arg(maxRssKb() - rssBefore)));
}

void TestWeights::hostilePickles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("global");
    QTest::newRow("pickle protocol 2") << "evil_protocol2.pkl"
                                       << "'posix.system'";
    QTest::newRow("pickle protocol 4 (STACK_GLOBAL)") << "evil_protocol4.pkl"
                                                      << "'posix.system'";
    QTest::newRow("torch.save zip") << "evil_zip.pth"
                                    << "'posix.system'";
    QTest::newRow("torch.save legacy") << "evil_legacy.pth"
                                       << "'posix.system'";
    // torch.save pickles at protocol 2, where Python 3 writes builtins as __builtin__.
    QTest::newRow("eval, protocol 2") << "evil_eval.pth"
                                      << "'__builtin__.eval'";
    QTest::newRow("eval, protocol 4") << "evil_eval4.pkl"
                                      << "'builtins.eval'";
    QTest::newRow("inside a state dict") << "evil_in_state_dict.pth"
                                         << "'posix.system'";
}

void TestWeights::hostilePickles() {
    QFETCH(QString, file);
    QFETCH(QString, global);
    const QString marker = fixture("weights/pwned.marker");
    QVERIFY(!QFileInfo::exists(marker));
    const QString msg = errorOf([&] { ds::readStateDict(weightFile(file)); });
    QVERIFY2(msg.contains(global), qPrintable(msg));
    QVERIFY2(msg.contains("refuses to run code"), qPrintable(msg));
    QVERIFY2(msg.contains(file), qPrintable(msg));
    QVERIFY2(!QFileInfo::exists(marker), "a command from the pickle ran");
}

void TestWeights::corruptedBytes_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("zip") << "tiny.fp16.pth";
    QTest::newRow("legacy") << "tiny.f64.pth";
    QTest::newRow("python 2 legacy") << "py2.legacy.pth";
    QTest::newRow("safetensors") << "tiny.fp16.safetensors";
}

// Random byte damage in the parts that describe the data (pickles, headers, zip directory):
// every result is either a state dict or a WeightsError, quickly, never a crash or a hang.
void TestWeights::corruptedBytes() {
    QFETCH(QString, file);
    QFile in(fixture("weights/" + file));
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray original = in.readAll();
    QTemporaryDir dir;
    const QString path = dir.filePath(file);
    QRandomGenerator rng(1234);
    int failures = 0;
    for (int round = 0; round < 150; ++round) {
        QByteArray bytes = original;
        const int flips = 1 + rng.bounded(4);
        for (int i = 0; i < flips; ++i) {
            const bool head = rng.bounded(2) == 0;
            const int span = std::min<int>(head ? 4096 : 1024, bytes.size());
            const int at = head ? rng.bounded(span) : bytes.size() - 1 - rng.bounded(span);
            bytes[at] = char(rng.bounded(256));
        }
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
        out.close();
        try {
            ds::readStateDict(path.toStdString());
        } catch (const ds::WeightsError& e) {
            ++failures;
            QVERIFY2(QString(e.what()).contains(file), e.what());
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString("round %1: not a WeightsError: %2").arg(round).arg(e.what())));
        }
    }
    QVERIFY(failures > 0);
}

void TestWeights::formatsAgree_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("densenet121") << "densenet121";
}

void TestWeights::formatsAgree() {
    QFETCH(QString, model);
    const ds::StateDict zip = ds::readStateDict(fixture(model + ".pth").toStdString());
    const ds::StateDict legacy = ds::readStateDict(fixture(model + ".legacy.pth").toStdString());
    const ds::StateDict st = ds::readStateDict(fixture(model + ".safetensors").toStdString());
    const std::vector<std::string> keys = keysJson(model);
    QVERIFY(!keys.empty());
    QVERIFY(namesOf(zip) == keys);
    QVERIFY(namesOf(st) == keys);
    std::vector<std::string> withoutCounters;
    for (const auto& k : keys)
        if (k.find("num_batches_tracked") == std::string::npos) withoutCounters.push_back(k);
    QVERIFY(namesOf(legacy, /*modernise=*/true) == withoutCounters);

    const auto zipMap = byName(zip);
    QString why;
    QVERIFY2(sameTensors(zipMap, byName(st), &why), qPrintable(why));
    QVERIFY2(sameTensors(byName(legacy, true), zipMap, &why), qPrintable(why));
    for (const auto& [k, t] : zip)
        QVERIFY(
            t.scalar_type() ==
            (k.find("num_batches_tracked") != std::string::npos ? torch::kLong : torch::kFloat));

    // Each loads into our model and gives it exactly these tensors (BN running stats included).
    const ds::DenseNetConfig config =
        model == "tiny" ? tinyConfig() : ds::DenseNetConfig::variant("densenet121");
    for (const auto* dict : {&zip, &legacy, &st}) {
        ds::DenseNet net(config);
        ds::loadStateDict(*net, *dict, "test");
        auto state = modelState(*net);
        for (auto it = state.begin(); it != state.end();)
            it = it->first.find("num_batches_tracked") != std::string::npos && dict == &legacy
                     ? state.erase(it)
                     : ++it;
        auto expected = zipMap;
        if (dict == &legacy)
            for (auto it = expected.begin(); it != expected.end();)
                it = it->first.find("num_batches_tracked") != std::string::npos ? expected.erase(it)
                                                                                : ++it;
        QVERIFY2(sameTensors(expected, state, &why), qPrintable(why));
        QCOMPARE(state.size(), expected.size());
    }
}

void TestWeights::python2Legacy() {
    const ds::StateDict dict = ds::readStateDict(weightFile("py2.legacy.pth"));
    QFile f(fixture("weights/py2.expected.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject expected = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(int(dict.size()), expected.size());
    for (const auto& [key, t] : dict) {
        const QJsonObject e = expected.value(QString::fromStdString(key)).toObject();
        QVERIFY2(!e.isEmpty(), key.c_str());
        std::vector<int64_t> shape;
        for (const auto& s : e["shape"].toArray()) shape.push_back(s.toInteger());
        QVERIFY2(t.sizes().vec() == shape, key.c_str());
        QVERIFY(t.scalar_type() == torch::kFloat);
        const torch::Tensor flat = t.contiguous().reshape(-1);
        const QJsonArray values = e["values"].toArray();
        QCOMPARE(flat.numel(), int64_t(values.size()));
        const float* p = flat.data_ptr<float>();
        for (int i = 0; i < values.size(); ++i)
            QVERIFY2(p[i] == float(values[i].toDouble()),
                     qPrintable(QString("%1[%2]").arg(key.c_str()).arg(i)));
    }
    // Old key names, no num_batches_tracked: loads by torchvision's renaming rule.
    ds::DenseNet net(tinyConfig());
    ds::loadStateDict(*net, dict, "py2.legacy.pth");
    const auto state = modelState(*net);
    QString why;
    QVERIFY2(sameTensors(byName(dict, /*modernise=*/true), state, &why), qPrintable(why));
}

void TestWeights::dtypesConverted_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reference");  // float32 values of the same weights
    QTest::newRow("fp16 safetensors") << "tiny.fp16.safetensors"
                                      << "tiny.fp16.ref.safetensors";
    QTest::newRow("fp16 zip") << "tiny.fp16.pth"
                              << "tiny.fp16.ref.safetensors";
    QTest::newRow("bf16 safetensors") << "tiny.bf16.safetensors"
                                      << "tiny.bf16.ref.safetensors";
    QTest::newRow("float64 legacy") << "tiny.f64.pth"
                                    << "tiny.f32.safetensors";
}

void TestWeights::dtypesConverted() {
    QFETCH(QString, file);
    QFETCH(QString, reference);
    const ds::StateDict dict = ds::readStateDict(weightFile(file));
    const ds::StateDict ref = ds::readStateDict(weightFile(reference));
    QVERIFY(namesOf(dict) == namesOf(ref));
    QString why;
    QVERIFY2(sameTensors(byName(ref), byName(dict), &why), qPrintable(why));
}

// Check values of the zip CRC-32 from zlib's crc32() (Python: zlib.crc32), at lengths that
// exercise the 8-byte loop and the byte tail, and split across calls.
void TestWeights::crc32KnownValues() {
    QCOMPARE(ds::crc32(0, "", 0), 0u);
    QCOMPARE(ds::crc32(0, "123456789", 9), 0xCBF43926u);
    const char* fox = "The quick brown fox jumps over the lazy dog";
    QCOMPARE(ds::crc32(0, fox, std::strlen(fox)), 0x414FA339u);
    QCOMPARE(ds::crc32(ds::crc32(0, fox, 13), fox + 13, std::strlen(fox) - 13), 0x414FA339u);
    for (const size_t n : {size_t(0), size_t(7), size_t(8), size_t(43)})
        QCOMPARE(ds::crc32Tables(0, fox, n), ds::crc32(0, fox, n));
    QCOMPARE(ds::crc32Tables(0, "123456789", 9), 0xCBF43926u);
}

// A pipe or device is not a weights file: say what it is instead of "empty" or "truncated".
void TestWeights::notRegularFiles() {
    QTemporaryDir dir;
    const std::string fifo = dir.filePath("weights.fifo").toStdString();
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    QString msg = errorOf([&] { ds::readStateDict(fifo); });  // no writer: must not block
    QVERIFY2(msg.contains("a pipe (FIFO)") && msg.contains("not a regular file"), qPrintable(msg));
    msg = errorOf([&] { ds::readStateDict("/dev/zero"); });
    QVERIFY2(msg.contains("a character device"), qPrintable(msg));
    msg = errorOf([&] { ds::readStateDict(dir.path().toStdString()); });
    QVERIFY2(msg.contains("a folder"), qPrintable(msg));
}

// A file cut short after it was opened (a script rewriting it): the size from the open file
// no longer holds, and the message says so instead of printing a stale errno ("Success").
void TestWeights::fileShortenedWhileRead() {
    QTemporaryDir dir;
    const QString path = dir.filePath("latest.pth");
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QByteArray(4096, 'x'));
    out.close();
    ds::BinaryFile file(path.toStdString());
    QCOMPARE(file.size(), uint64_t(4096));
    QVERIFY(QFile::resize(path, 1000));
    std::vector<char> buf(4096);
    QString msg;
    try {
        file.readAt(0, buf.data(), buf.size(), "the test data");
    } catch (const ds::WeightsError& e) {
        msg = e.what();
    }
    QVERIFY2(msg.contains("ended early") && msg.contains("being saved"), qPrintable(msg));
    QVERIFY2(msg.contains("only 1000 could be read"), qPrintable(msg));
    QVERIFY2(!msg.contains("Success"), qPrintable(msg));
}

// The reported case: a checkpoint rewritten in place (truncate, then write, as torch.save does)
// while it is read. Every read either gives one of the two versions exactly or is refused;
// before the CRC-32 check some reads returned tensors from both (exit 0, logits from neither).
void TestWeights::rewrittenWhileRead() {
    const auto a = byName(ds::readStateDict(weightFile("rewrite_a.pth")));
    const auto b = byName(ds::readStateDict(weightFile("rewrite_b.pth")));
    auto bytesOf = [](const QString& name) {
        QFile f(fixture("weights/" + name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray bytesA = bytesOf("rewrite_a.pth"), bytesB = bytesOf("rewrite_b.pth");
    QVERIFY(!bytesA.isEmpty() && bytesA.size() == bytesB.size());
    QTemporaryDir dir;
    const std::string path = dir.filePath("latest.pth").toStdString();
    auto save = [&path](const QByteArray& bytes) {
        std::FILE* f = std::fopen(path.c_str(), "wb");  // truncates the file being read
        if (!f) return;
        for (qsizetype at = 0; at < bytes.size(); at += 1 << 20)
            std::fwrite(bytes.constData() + at, 1,
                        size_t(std::min<qsizetype>(1 << 20, bytes.size() - at)), f);
        std::fclose(f);
    };
    save(bytesA);
    // The writer keeps each version still for 2-4 reads' time (measured here, so a slow
    // machine or a sanitizer build scales with it): some reads overlap a save, others do not.
    QElapsedTimer timer;
    timer.start();
    ds::readStateDict(path);
    const qint64 readMs = std::max<qint64>(2, timer.elapsed());
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (int i = 1; !stop; ++i) {
            save(i % 2 ? bytesB : bytesA);
            std::this_thread::sleep_for(std::chrono::milliseconds(readMs * (2 + i % 3)));
        }
    });
    int asA = 0, asB = 0, refused = 0, byChecksum = 0;
    QString mixed;
    for (int round = 0; round < 120 && mixed.isEmpty(); ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds((round * 3) % (readMs + 1)));
        try {
            const auto dict = byName(ds::readStateDict(path));
            QString why;
            if (sameTensors(a, dict, &why))
                ++asA;
            else if (sameTensors(b, dict, &why))
                ++asB;
            else
                mixed = QString("round %1 read tensors from both versions: %2").arg(round).arg(why);
        } catch (const ds::WeightsError& e) {
            ++refused;
            byChecksum += QString(e.what()).contains("CRC-32");
        }
    }
    stop = true;
    writer.join();
    qInfo(
        "read while rewritten: %d first version, %d second, %d refused (%d by the CRC-32: "
        "mixed bytes that would have loaded before)",
        asA, asB, refused, byChecksum);
    QVERIFY2(mixed.isEmpty(), qPrintable(mixed));
    QVERIFY2(asA + asB > 0, "no read succeeded: the test says nothing");
}

QTEST_GUILESS_MAIN(TestWeights)
#include "tst_weights.moc"
