#pragma once
// Writing feature maps to files: .npy (NumPy float32, little-endian) and CSV. Every file is
// written atomically (densescope/atomic_file.h: the old file kept on failure, special files
// refused); every function throws ds::Error naming the path and what to do when the file
// cannot be written.
//
// CSV layouts (plain text, '.' decimal point, values with 9 significant digits so a float
// reads back exactly):
//   channel:  H lines of W comma-separated values (row y = line y), no header.
//   map:      header "channel,y,x,value", then one line per value in C-order (long format,
//             loads straight into pandas/R).
//   stats:    header "channel,origin,min,max,mean"; origin is "block input",
//             "denselayerL" or empty for layers that are not dense blocks.
#include <QImage>
#include <QString>

namespace ds {
struct FeatureMap;
}

namespace ds::ui {

struct BlockLayout;

void writeMapNpy(const ds::FeatureMap& map, const QString& path);  // shape [C, H, W]
void writeChannelNpy(const ds::FeatureMap& map, int channel, const QString& path);  // shape [H, W]
void writeChannelCsv(const ds::FeatureMap& map, int channel, const QString& path);
void writeMapCsv(const ds::FeatureMap& map, const QString& path);
void writeStatsCsv(const ds::FeatureMap& map, const BlockLayout& layout, const QString& path);
// saveImageFile (file_output.h), with an error that says why; the format follows the suffix
// (png, jpg, ...).
void writeImage(const QImage& image, const QString& path);

}  // namespace ds::ui
