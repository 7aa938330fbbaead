// Hostile weight files too large to keep as fuzz seeds (fuzz/corpus/ holds the small ones):
// each is built here in memory and must be refused with a WeightsError, not crash.
// LibTorch before Qt: its headers use the identifier `slots`.
#include "state_dict_internal.h"

#include <QtTest>

#include <string>

#include "binary_file.h"
#include "densescope/errors.h"
#include "densenet.h"
#include "pickle_reader.h"
#include "weights.h"

class TestReaderLimits : public QObject {
    Q_OBJECT
private slots:
    void nestedParametersAreRefused_data();
    void nestedParametersAreRefused();
    void nestedWrappersStop();
    void hugeSharedPrefixIsCheap();
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

QTEST_GUILESS_MAIN(TestReaderLimits)
#include "tst_reader_limits.moc"
