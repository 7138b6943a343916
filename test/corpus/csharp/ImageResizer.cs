using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace Media;

public class ImageResizer
{
    public void ResizeAll(List<string> files)
    {
        files.ForEach(async f => await ResizeAsync(f)); // expect: async-void
    }

    private async Task ResizeAsync(string file)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file + ".thumb", bytes);
    }
}
