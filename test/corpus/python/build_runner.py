import subprocess
import os


async def build(project_dir: str) -> str:
    os.system(f"cd {project_dir} && make clean")  # expect: blocking-call-in-async
    out = subprocess.check_output(["make", "-C", project_dir, "all"])  # expect: blocking-call-in-async
    return out.decode()
