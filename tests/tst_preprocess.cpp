// Preprocessing against torchvision's ImageNet eval transform, and the full path from an
// image file to predictions (decode with Qt -> preprocess -> model) against torchvision.
#include <torch/torch.h>  // LibTorch before Qt (its `slots` macro)

#include <QtTest>

#include <algorithm>
#include <numeric>

#include "densescope/engine.h"
#include "densescope/errors.h"
#include "fixtures.h"
#include "image_io.h"
#include "densescope/preprocess.h"

namespace {
std::vector<int> topIndices(const float* values, size_t n, int k) {
    std::vector<int> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), [&](int a, int b) { return values[a] > values[b]; });
    idx.resize(size_t(k));
    return idx;
}
}  // namespace

class TestPreprocess : public QObject {
    Q_OBJECT
private slots:
    void resizedSizeFollowsTorchvision_data();
    void resizedSizeFollowsTorchvision();
    void exactOn256();
    void closeOnResized();
    void cropWindowEqualsTorchResize_data();
    void cropWindowEqualsTorchResize();
    void networkInputImageIsTheCrop();
    void endToEndExactOn256();
    void endToEndTop5OnResized();
    void invalidImage();
    void extremeAspectRatio();
};

void TestPreprocess::resizedSizeFollowsTorchvision_data() {
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<qint64>("ew");
    QTest::addColumn<qint64>("eh");
    // Values from torchvision.transforms.functional._compute_resized_output_size(h, w, 256).
    QTest::newRow("landscape") << 640 << 427 << qint64(383) << qint64(256);
    QTest::newRow("portrait") << 300 << 451 << qint64(256) << qint64(384);
    QTest::newRow("square") << 500 << 500 << qint64(256) << qint64(256);
    QTest::newRow("upscale") << 100 << 50 << qint64(512) << qint64(256);
    // Past int's range: _compute_resized_output_size([9000000, 1], [256]) == [2304000000, 256].
    QTest::newRow("1 x 9,000,000") << 1 << 9000000 << qint64(256) << qint64(2304000000);
    QTest::newRow("2^31-1 x 3") << 2147483647 << 3 << qint64(183251937877) << qint64(256);
}

void TestPreprocess::resizedSizeFollowsTorchvision() {
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(qint64, ew);
    QFETCH(qint64, eh);
    int64_t ow = 0, oh = 0;
    ds::resizedSize(w, h, &ow, &oh);
    QCOMPARE(ow, ew);
    QCOMPARE(oh, eh);
}

void TestPreprocess::exactOn256() {
    const auto input = ds::preprocess(ds::loadImage(fixtures::dir() + "/input256.png"));
    const auto ref = ds::readNpy(fixtures::path("input256.npy"));
    QCOMPARE(int64_t(input.size()), ref.numel());
    QVERIFY(fixtures::maxAbsDiff(input.data(), ref.f32(), input.size()) < 1e-6);
}

void TestPreprocess::closeOnResized() {
    // Antialiased bilinear resize: equal up to float rounding of a few pixels (one 8-bit
    // step is 1/255/0.225 = 0.0174 after normalisation).
    const auto input = ds::preprocess(ds::loadImage(fixtures::dir() + "/resized.png"));
    const auto ref = ds::readNpy(fixtures::path("resized.npy"));
    QCOMPARE(int64_t(input.size()), ref.numel());
    size_t off = 0;
    for (size_t i = 0; i < input.size(); ++i) off += std::fabs(input[i] - ref.f32()[i]) > 1e-5f;
    QVERIFY(fixtures::maxAbsDiff(input.data(), ref.f32(), input.size()) < 0.0175 + 1e-5);
    QVERIFY2(off < input.size() / 100, qPrintable(QString("%1 values differ").arg(off)));
}

void TestPreprocess::cropWindowEqualsTorchResize_data() {
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::newRow("640x480 down") << 640 << 480;
    QTest::newRow("portrait 300x451") << 300 << 451;
    QTest::newRow("odd 257x1031") << 257 << 1031;
    QTest::newRow("large 1999x1333") << 1999 << 1333;
    QTest::newRow("up 100x50") << 100 << 50;
    QTest::newRow("up 230x240") << 230 << 240;
    QTest::newRow("tiny 1x1") << 1 << 1;
}

// Our crop-window resize against ATen's own antialiased bilinear interpolate on the whole
// image, rounded and cropped as torchvision does: equal bytes, up to rare float-rounding
// flips of one step (ATen may fuse multiply-adds where we do not).
void TestPreprocess::cropWindowEqualsTorchResize() {
    QFETCH(int, w);
    QFETCH(int, h);
    ds::RgbImage image;
    image.width = w;
    image.height = h;
    image.pixels.resize(size_t(w) * h * 3);
    uint32_t state = 12345;
    for (size_t i = 0; i < image.pixels.size(); ++i) {
        state = state * 1664525u + 1013904223u;
        // Smooth gradients plus noise, so both flat and busy regions are covered.
        image.pixels[i] = uint8_t(((i / 3) % size_t(w)) * 255 / size_t(w) / 2 + (state >> 25));
    }
    int64_t rw = 0, rh = 0;
    ds::resizedSize(w, h, &rw, &rh);
    namespace F = torch::nn::functional;
    auto x = torch::from_blob(image.pixels.data(), {h, w, 3}, torch::kUInt8)
                 .permute({2, 0, 1})
                 .unsqueeze(0)
                 .to(torch::kFloat);
    auto resized = F::interpolate(x, F::InterpolateFuncOptions()
                                         .size(std::vector<int64_t>{rh, rw})
                                         .mode(torch::kBilinear)
                                         .align_corners(false)
                                         .antialias(true))
                       .round()
                       .clamp(0, 255)
                       .to(torch::kUInt8)[0];
    const auto top = int64_t(std::nearbyint((rh - 224) / 2.0));
    const auto left = int64_t(std::nearbyint((rw - 224) / 2.0));
    const auto want = resized.narrow(1, top, 224).narrow(2, left, 224).permute({1, 2, 0}).contiguous();
    const auto got = ds::networkInputImage(image);
    const uint8_t* ref = want.data_ptr<uint8_t>();
    int worst = 0;
    size_t off = 0;
    for (size_t i = 0; i < got.pixels.size(); ++i) {
        const int d = std::abs(int(got.pixels[i]) - int(ref[i]));
        worst = std::max(worst, d);
        off += d != 0;
    }
    QVERIFY2(worst <= 1 && off <= got.pixels.size() / 10000,
             qPrintable(QString("%1 bytes differ, by up to %2").arg(off).arg(worst)));
}

void TestPreprocess::networkInputImageIsTheCrop() {
    const auto image = ds::loadImage(fixtures::dir() + "/input256.png");
    const auto crop = ds::networkInputImage(image);
    QCOMPARE(crop.width, 224);
    QCOMPARE(crop.height, 224);
    // 256 -> 224: offset 16 on both axes.
    const size_t src = (size_t(16) * 256 + 16) * 3, dst = 0;
    QCOMPARE(crop.pixels[dst], image.pixels[src]);
    QCOMPARE(crop.pixels[(size_t(223) * 224 + 223) * 3 + 2], image.pixels[(size_t(239) * 256 + 239) * 3 + 2]);
}

void TestPreprocess::endToEndExactOn256() {
    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(fixtures::config("densenet121"), fixtures::path("densenet121.pth"));
    const auto r = engine.classify(ds::loadImage(fixtures::dir() + "/input256.png"), 5);
    const auto ref = ds::readNpy(fixtures::path("densenet121.logits.npy"));
    QVERIFY(fixtures::maxAbsDiff(r.logits.data(), ref.f32(), r.logits.size()) < 1e-4);
    const auto top = topIndices(ref.f32(), size_t(ref.numel()), 5);
    for (int i = 0; i < 5; ++i) QCOMPARE(r.top[size_t(i)].index, top[size_t(i)]);
}

void TestPreprocess::endToEndTop5OnResized() {
    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(fixtures::config("densenet121"), fixtures::path("densenet121.safetensors"));
    const auto r = engine.classify(ds::loadImage(fixtures::dir() + "/resized.png"), 5);
    const auto ref = ds::readNpy(fixtures::path("densenet121.resized.logits.npy"));
    const auto top = topIndices(ref.f32(), size_t(ref.numel()), 5);
    for (int i = 0; i < 5; ++i) QCOMPARE(r.top[size_t(i)].index, top[size_t(i)]);
    QVERIFY(r.timings.preprocessMs > 0);
    QVERIFY(r.timings.forwardMs > 0);
}

void TestPreprocess::invalidImage() {
    ds::RgbImage broken;
    broken.width = 10;
    broken.height = 10;
    broken.pixels.resize(5);
    QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::preprocess(broken));
    QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::preprocess(ds::RgbImage{}));
}

// A 1 x 9,000,000 image (once "cannot create std::vector larger than max_size()": the resized
// size overflowed int). A uniform colour stays that colour through any resize and crop.
void TestPreprocess::extremeAspectRatio() {
    for (const bool tall : {true, false}) {
        ds::RgbImage image;
        image.width = tall ? 1 : 9'000'000;
        image.height = tall ? 9'000'000 : 1;
        image.pixels.resize(size_t(9'000'000) * 3);
        for (size_t i = 0; i < image.pixels.size(); i += 3) {
            image.pixels[i] = 200;
            image.pixels[i + 1] = 100;
            image.pixels[i + 2] = 50;
        }
        const ds::RgbImage crop = ds::networkInputImage(image);
        QCOMPARE(crop.width, ds::kCropSize);
        QCOMPARE(crop.height, ds::kCropSize);
        for (size_t i = 0; i < crop.pixels.size(); i += 3) {
            QCOMPARE(int(crop.pixels[i]), 200);
            QCOMPARE(int(crop.pixels[i + 1]), 100);
            QCOMPARE(int(crop.pixels[i + 2]), 50);
        }
        const auto input = ds::preprocess(image);
        QCOMPARE(input.size(), size_t(3) * ds::kCropSize * ds::kCropSize);
    }
}

QTEST_MAIN(TestPreprocess)
#include "tst_preprocess.moc"
