/** FrameDecoder over @zxing/library (pure JS): QR plus the 1D codes receipt slips carry. */
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, NotFoundException, RGBLuminanceSource } from '@zxing/library';
import { toLuminance, type FrameDecoder, type RgbaFrame } from './decoder';

export function createZxingJsDecoder(): FrameDecoder {
  const hints = new Map<DecodeHintType, unknown>();
  hints.set(DecodeHintType.POSSIBLE_FORMATS, [
    BarcodeFormat.QR_CODE,
    BarcodeFormat.CODE_128,
    BarcodeFormat.CODE_39,
    BarcodeFormat.EAN_13,
    BarcodeFormat.DATA_MATRIX,
  ]);
  hints.set(DecodeHintType.TRY_HARDER, true);
  hints.set(DecodeHintType.CHARACTER_SET, 'UTF-8');
  const reader = new MultiFormatReader();
  reader.setHints(hints);
  return {
    name: 'zxing-js',
    async decode(frame: RgbaFrame) {
      try {
        const source = new RGBLuminanceSource(toLuminance(frame), frame.width, frame.height);
        const result = reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(source)));
        return result.getText();
      } catch (err) {
        if (!(err instanceof NotFoundException)) {
          // Checksum / format errors: a code was seen but not read; the next frame may do better.
        }
        return null;
      } finally {
        reader.reset();
      }
    },
  };
}
