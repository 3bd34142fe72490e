import Updraft

await UpdraftApp.main()
