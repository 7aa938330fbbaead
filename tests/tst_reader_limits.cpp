// Hostile weight files too large to keep as fuzz seeds (fuzz/corpus/ holds the small ones):
// each is built here in memory and must be refused with a WeightsError, not crash.
// LibTorch before Qt: its headers use the identifier `slots`.
#include "state_dict_internal.h"

#include <QtTest>

#include <string>

#include "binary_file.h"
#include "densescope/errors.h"
#include "pickle_reader.h"

class TestReaderLimits : public QObject {
    Q_OBJECT
private slots:
    void nestedParametersAreRefused_data();
    void nestedParametersAreRefused();
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

QTEST_GUILESS_MAIN(TestReaderLimits)
#include "tst_reader_limits.moc"
