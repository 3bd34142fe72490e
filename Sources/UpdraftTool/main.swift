import CJemalloc
import Updraft

await UpdraftApp.main()
